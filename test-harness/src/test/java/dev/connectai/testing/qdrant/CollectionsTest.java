package dev.connectai.testing.qdrant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.grpc.Status;
import io.qdrant.client.QdrantException;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.IntegerIndexParams;
import io.qdrant.client.grpc.Collections.MultiVectorComparator;
import io.qdrant.client.grpc.Collections.MultiVectorConfig;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionsTest extends QdrantTargetTest {

    @Test
    void describesACollectionAsItWasCreated() throws Exception {
        String name = newName();
        VectorParams params = VectorParams.newBuilder().setSize(4).setDistance(Distance.Cosine).setOnDisk(true)
                .build();
        assertThat(get(client.createCollectionAsync(name, params)).getResult()).isTrue();

        CollectionInfo info = get(client.getCollectionInfoAsync(name));

        assertThat(info.getStatus()).isEqualTo(CollectionStatus.Green);
        assertThat(info.getPointsCount()).isZero();
        assertThat(info.getConfig().getParams().getVectorsConfig().getParams()).isEqualTo(params);
        assertThat(get(client.collectionExistsAsync(name))).isTrue();
        assertThat(get(client.listCollectionsAsync())).contains(name);
    }

    @Test
    void echoesNamedSparseAndMultiVectorConfig() throws Exception {
        VectorParams colbert = params(3, Distance.Dot).toBuilder()
                .setMultivectorConfig(MultiVectorConfig.newBuilder().setComparator(MultiVectorComparator.MaxSim))
                .build();
        VectorsConfig vectors = named(Map.of("text", params(4, Distance.Cosine), "colbert", colbert));
        SparseVectorConfig sparse = SparseVectorConfig.newBuilder()
                .putMap("bm25", SparseVectorParams.getDefaultInstance()).build();
        String name = collection(CreateCollection.newBuilder().setVectorsConfig(vectors)
                .setSparseVectorsConfig(sparse));

        CollectionInfo info = get(client.getCollectionInfoAsync(name));

        assertThat(info.getConfig().getParams().getVectorsConfig().getParamsMap().getMapMap())
                .containsEntry("text", params(4, Distance.Cosine))
                .containsEntry("colbert", colbert);
        assertThat(info.getConfig().getParams().getSparseVectorsConfig().getMapMap()).containsOnlyKeys("bm25");
    }

    @Test
    void creatingAnExistingCollectionIsAlreadyExists() throws Exception {
        String name = collection(4, Distance.Dot);

        Status status = failure(client.createCollectionAsync(name, params(4, Distance.Dot)));

        assertThat(status.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(status.getDescription()).isEqualTo("Wrong input: Collection `" + name + "` already exists!");
    }

    @Test
    void aMissingCollectionIsNotFound() throws Exception {
        String name = newName();
        String message = "Not found: Collection `" + name + "` doesn't exist!";

        Status info = failure(client.getCollectionInfoAsync(name));
        Status upsert = failure(client.upsertAsync(name, List.of(point(1, vectors(1f, 2f), Map.of()))));
        Status count = failure(client.countAsync(name));

        assertThat(List.of(info, upsert, count)).allSatisfy(status -> {
            assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(status.getDescription()).isEqualTo(message);
        });
        assertThat(get(client.collectionExistsAsync(name))).isFalse();
    }

    @Test
    void deletesACollection() throws Exception {
        String name = collection(2, Distance.Euclid);

        assertThat(get(client.deleteCollectionAsync(name)).getResult()).isTrue();

        assertThat(get(client.collectionExistsAsync(name))).isFalse();
        assertThat(get(client.listCollectionsAsync())).doesNotContain(name);
        // Qdrant answers result=false for a missing collection; the client turns that into an exception.
        assertThatThrownBy(() -> get(client.deleteCollectionAsync(name)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(QdrantException.class)
                .hasMessageContaining("could not be deleted");
    }

    @Test
    void aPayloadIndexWithoutAFieldTypeIsRejected() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(point(1, vectors(1f, 0f), Map.of("tenant", value("a"))))));

        Status untyped = failure(client.createPayloadIndexAsync(CreateFieldIndexCollection.newBuilder()
                .setCollectionName(name).setFieldName("tenant").setWait(true).build(), null));
        Status mismatched = failure(client.createPayloadIndexAsync(CreateFieldIndexCollection.newBuilder()
                .setCollectionName(name).setFieldName("tenant").setWait(true).setFieldType(FieldType.FieldTypeKeyword)
                .setFieldIndexParams(PayloadIndexParams.newBuilder()
                        .setIntegerIndexParams(IntegerIndexParams.getDefaultInstance())).build(), null));

        assertThat(untyped.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(untyped.getDescription()).isEqualTo("cannot convert field_type");
        assertThat(mismatched.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(mismatched.getDescription()).isEqualTo("field_type (Keyword) and field_index_params do not match");
        assertThat(get(client.getCollectionInfoAsync(name)).getPayloadSchemaMap()).isEmpty();
    }

    @Test
    void payloadIndexesShowInTheCollectionInfo() throws Exception {
        String name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(
                point(1, vectors(1f, 0f), Map.of("tenant", value("a"), "year", value(2024))),
                point(2, vectors(0f, 1f), Map.of("tenant", value("b"))),
                point(3, vectors(1f, 1f), Map.of("other", value(true))))));

        get(client.createPayloadIndexAsync(name, "tenant", PayloadSchemaType.Keyword, null, true, null, null));
        get(client.createPayloadIndexAsync(name, "year", PayloadSchemaType.Integer, null, true, null, null));

        CollectionInfo info = get(client.getCollectionInfoAsync(name));
        assertThat(info.getPayloadSchemaMap()).containsOnlyKeys("tenant", "year");
        assertThat(info.getPayloadSchemaMap().get("tenant").getDataType()).isEqualTo(PayloadSchemaType.Keyword);
        assertThat(info.getPayloadSchemaMap().get("tenant").getPoints()).isEqualTo(2);
        assertThat(info.getPayloadSchemaMap().get("year").getDataType()).isEqualTo(PayloadSchemaType.Integer);
        assertThat(info.getPointsCount()).isEqualTo(3);
    }
}
