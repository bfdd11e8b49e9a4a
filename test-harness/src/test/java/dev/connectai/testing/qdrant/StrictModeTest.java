package dev.connectai.testing.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.StrictModeConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PointStruct;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;

class StrictModeTest extends QdrantTargetTest {

    private String strict(StrictModeConfig.Builder config) throws Exception {
        return collection(CreateCollection.newBuilder().setVectorsConfig(
                io.qdrant.client.grpc.Collections.VectorsConfig.newBuilder().setParams(params(2, Distance.Dot)))
                .setStrictModeConfig(config.setEnabled(true)));
    }

    private static List<PointStruct> points(int n) {
        List<PointStruct> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(point(i, vectors(1f, i), Map.of("colour", value(i % 2 == 0 ? "red" : "blue"), "n", value(i))));
        }
        return out;
    }

    @Test
    void upsertsLargerThanTheBatchLimitAreRejected() throws Exception {
        String name = strict(StrictModeConfig.newBuilder().setUpsertMaxBatchsize(2));

        Status status = failure(client.upsertAsync(name, points(3)));
        get(client.upsertAsync(name, points(2)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("Bad request: Limit exceeded 3 > 2 for \"upsert limit\". "
                + "Help: Reduce the \"upsert limit\" parameter to or below 2.");
        assertThat(get(client.countAsync(name))).isEqualTo(2);
    }

    @Test
    void deletingByAnUnindexedFieldIsRejected() throws Exception {
        String name = strict(StrictModeConfig.newBuilder().setUnindexedFilteringUpdate(false));
        get(client.upsertAsync(name, points(4)));

        Status keyword = failure(client.deleteAsync(name, Filter.newBuilder()
                .addMust(matchKeyword("colour", "red")).build()));
        Status number = failure(client.deleteAsync(name, Filter.newBuilder()
                .addMust(range("n", io.qdrant.client.grpc.Common.Range.newBuilder().setGte(3).build())).build()));
        get(client.createPayloadIndexAsync(name, "colour", PayloadSchemaType.Keyword, null, true, null, null));
        get(client.deleteAsync(name, Filter.newBuilder().addMust(matchKeyword("colour", "red")).build()));

        assertThat(keyword.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(keyword.getDescription()).isEqualTo("Bad request: Index required but not found for \"colour\" of "
                + "one of the following types: [keyword]. Help: Create an index for this key or use a different filter.");
        assertThat(number.getDescription()).isEqualTo("Bad request: Index required but not found for \"n\" of "
                + "one of the following types: [float, integer]. Help: Create an index for this key or use a "
                + "different filter.");
        assertThat(get(client.countAsync(name))).isEqualTo(2);
    }

    @Test
    void withStrictModeDisabledTheLimitsDoNotApply() throws Exception {
        String name = collection(CreateCollection.newBuilder().setVectorsConfig(
                io.qdrant.client.grpc.Collections.VectorsConfig.newBuilder().setParams(params(2, Distance.Dot)))
                .setStrictModeConfig(StrictModeConfig.newBuilder().setEnabled(false).setUpsertMaxBatchsize(1)
                        .setUnindexedFilteringUpdate(false)));

        get(client.upsertAsync(name, points(3)));
        get(client.deleteAsync(name, Filter.newBuilder().addMust(matchKeyword("colour", "red")).build()));

        assertThat(get(client.countAsync(name))).isEqualTo(2);
    }
}
