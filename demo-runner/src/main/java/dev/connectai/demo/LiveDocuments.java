package dev.connectai.demo;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;

/**
 * The live documents of a collection: the documents it holds now, each counted once however many points it has.
 * The Qdrant sink gives every chunk of a chunked document the payload {@code document_id} (the document's point id
 * before chunking), so a document is a distinct {@code document_id}; a point without one (written without
 * chunking) is a document of its own. Deleted documents are gone from the collection, so they do not count.
 */
final class LiveDocuments {

    static final String DOCUMENT_ID = "document_id";
    private static final int PAGE = 1000;

    private LiveDocuments() {
    }

    /** Scrolls the whole collection, reading only the document_id payload; fails once {@code deadlineNanos} passes. */
    static long count(QdrantClient client, String collection, long deadlineNanos) throws Exception {
        Set<String> documents = new HashSet<>();
        PointId offset = null;
        do {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("counting the documents of '" + collection + "' took too long");
            }
            ScrollPoints.Builder page = ScrollPoints.newBuilder().setCollectionName(collection).setLimit(PAGE)
                    .setWithPayload(WithPayloadSelectorFactory.include(java.util.List.of(DOCUMENT_ID)))
                    .setWithVectors(WithVectorsSelectorFactory.enable(false));
            if (offset != null) {
                page.setOffset(offset);
            }
            ScrollResponse response = client.scrollAsync(page.build()).get(30, TimeUnit.SECONDS);
            for (RetrievedPoint p : response.getResultList()) {
                Value id = p.getPayloadMap().get(DOCUMENT_ID);
                documents.add(id != null && id.hasStringValue() ? "d:" + id.getStringValue() : "p:" + pointId(p.getId()));
            }
            offset = response.hasNextPageOffset() ? response.getNextPageOffset() : null;
        } while (offset != null);
        return documents.size();
    }

    private static String pointId(PointId id) {
        return id.hasUuid() ? id.getUuid() : Long.toUnsignedString(id.getNum());
    }
}
