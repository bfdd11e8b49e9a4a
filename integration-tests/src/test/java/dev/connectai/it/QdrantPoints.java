package dev.connectai.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;

/** Reads what a collection holds, through the official client, for assertions. */
final class QdrantPoints {

    private final QdrantClient client;

    QdrantPoints(QdrantClient client) {
        this.client = client;
    }

    static String id(PointId id) {
        return id.hasUuid() ? id.getUuid() : Long.toUnsignedString(id.getNum());
    }

    boolean exists(String collection) {
        try {
            return client.collectionExistsAsync(collection).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every point of the collection by id (empty when the collection does not exist). */
    Map<String, RetrievedPoint> all(String collection) {
        Map<String, RetrievedPoint> out = new LinkedHashMap<>();
        if (!exists(collection)) {
            return out;
        }
        PointId offset = null;
        try {
            do {
                ScrollPoints.Builder req = ScrollPoints.newBuilder().setCollectionName(collection).setLimit(500)
                        .setWithPayload(WithPayloadSelectorFactory.enable(true))
                        .setWithVectors(WithVectorsSelectorFactory.enable(true));
                if (offset != null) {
                    req.setOffset(offset);
                }
                ScrollResponse page = client.scrollAsync(req.build()).get(30, TimeUnit.SECONDS);
                for (RetrievedPoint p : page.getResultList()) {
                    out.put(id(p.getId()), p);
                }
                offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
            } while (offset != null);
        } catch (Exception e) {
            throw new AssertionError("scrolling " + collection + " failed", e);
        }
        return out;
    }

    static String text(RetrievedPoint p, String field) {
        Value v = p.getPayloadMap().get(field);
        return v == null ? null : v.hasStringValue() ? v.getStringValue() : v.hasIntegerValue()
                ? Long.toString(v.getIntegerValue()) : v.toString();
    }

    static List<Float> dense(RetrievedPoint p) {
        var v = p.getVectors().getVector();
        return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
    }

    void drop(String collection) {
        try {
            if (exists(collection)) {
                client.deleteCollectionAsync(collection).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
