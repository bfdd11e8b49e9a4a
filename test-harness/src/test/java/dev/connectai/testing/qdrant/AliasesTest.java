package dev.connectai.testing.qdrant;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.grpc.Status;
import io.qdrant.client.QdrantException;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Collection aliases as Qdrant has them: one UpdateAliases request switches an alias between collections, and every
 * call that names a collection (points, info, exists) follows the alias. Runs against a real Qdrant too.
 */
class AliasesTest extends QdrantTargetTest {

    /** Aliases go with their collection when it is dropped, so they need no clean-up of their own. */
    private static String aliasName() {
        return "qts_alias_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static AliasOperations create(String alias, String collection) {
        return AliasOperations.newBuilder().setCreateAlias(CreateAlias.newBuilder().setAliasName(alias)
                .setCollectionName(collection)).build();
    }

    private static AliasOperations delete(String alias) {
        return AliasOperations.newBuilder().setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build();
    }

    @Test
    void pointOperationsAndCollectionInfoFollowTheAlias() throws Exception {
        String collection = collection(2, Distance.Dot);
        String alias = aliasName();
        assertThat(get(client.createAliasAsync(alias, collection)).getResult()).isTrue();

        get(client.upsertAsync(alias, List.of(point(1, vectors(1f, 0f), Map.of("doc", value("a"))))));

        assertThat(get(client.countAsync(collection))).as("written through the alias").isEqualTo(1);
        assertThat(get(client.countAsync(alias))).isEqualTo(1);
        assertThat(get(client.collectionExistsAsync(alias))).as("CollectionExists resolves aliases").isTrue();
        assertThat(get(client.getCollectionInfoAsync(alias)).getConfig().getParams().getVectorsConfig().getParams()
                .getSize()).isEqualTo(2);
        List<ScoredPoint> hits = get(client.queryAsync(QueryPoints.newBuilder().setCollectionName(alias)
                .setQuery(QueryFactory.nearest(1f, 0f)).build()));
        assertThat(hits).hasSize(1);
        assertThat(get(client.listCollectionsAsync())).as("an alias is no collection").doesNotContain(alias);
        assertThat(get(client.listCollectionAliasesAsync(collection))).containsExactly(alias);
        assertThat(get(client.listAliasesAsync())).contains(AliasDescription.newBuilder().setAliasName(alias)
                .setCollectionName(collection).build());
    }

    @Test
    void oneRequestSwitchesAnAliasToAnotherCollection() throws Exception {
        String blue = collection(2, Distance.Dot);
        String green = collection(3, Distance.Dot);
        String alias = aliasName();
        get(client.createAliasAsync(alias, blue));

        assertThat(get(client.updateAliasesAsync(List.of(delete(alias), create(alias, green)))).getResult()).isTrue();

        assertThat(get(client.getCollectionInfoAsync(alias)).getConfig().getParams().getVectorsConfig().getParams()
                .getSize()).isEqualTo(3);
        assertThat(get(client.listCollectionAliasesAsync(blue))).isEmpty();
        assertThat(get(client.listCollectionAliasesAsync(green))).containsExactly(alias);
    }

    @Test
    void renamesAndDeletesAliases() throws Exception {
        String collection = collection(2, Distance.Dot);
        String alias = aliasName();
        String renamed = aliasName();
        get(client.createAliasAsync(alias, collection));

        get(client.renameAliasAsync(alias, renamed));

        assertThat(get(client.listCollectionAliasesAsync(collection))).containsExactly(renamed);
        assertThat(get(client.collectionExistsAsync(alias))).isFalse();
        Status missing = failure(client.renameAliasAsync(alias, aliasName()));
        assertThat(missing.getCode()).isEqualTo(Status.Code.NOT_FOUND);

        get(client.deleteAliasAsync(renamed));
        assertThat(get(client.collectionExistsAsync(renamed))).isFalse();
        assertThat(get(client.deleteAliasAsync(renamed)).getResult()).as("deleting a missing alias is no error")
                .isTrue();
        assertThat(get(client.collectionExistsAsync(collection))).isTrue();
    }

    @Test
    void anAliasNeedsACollectionAndANameNoCollectionHas() throws Exception {
        String collection = collection(2, Distance.Dot);
        String other = collection(2, Distance.Dot);
        String absent = newName();

        Status noCollection = failure(client.createAliasAsync(aliasName(), absent));
        Status takenByCollection = failure(client.createAliasAsync(other, collection));

        assertThat(noCollection.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(noCollection.getDescription()).isEqualTo("Not found: Collection `" + absent + "` doesn't exist!");
        assertThat(takenByCollection.getDescription()).contains("Collection `" + other + "` already exists!");
        assertThat(get(client.listCollectionAliasesAsync(collection))).isEmpty();
    }

    @Test
    void aCollectionCannotTakeTheNameOfAnAlias() throws Exception {
        String collection = collection(2, Distance.Dot);
        String alias = aliasName();
        get(client.createAliasAsync(alias, collection));

        Status status = failure(client.createCollectionAsync(alias, params(2, Distance.Dot)));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("Wrong input: Can't create collection with name " + alias
                + ". Alias with the same name already exists");
    }

    @Test
    void droppingACollectionDropsItsAliases() throws Exception {
        String collection = collection(2, Distance.Dot);
        String alias = aliasName();
        get(client.createAliasAsync(alias, collection));

        assertThat(get(client.deleteCollectionAsync(collection)).getResult()).isTrue();

        assertThat(get(client.collectionExistsAsync(alias))).isFalse();
        assertThat(get(client.listAliasesAsync())).noneMatch(a -> a.getAliasName().equals(alias));
    }

    @Test
    void deletingByAnAliasNameLeavesTheCollection() throws Exception {
        String collection = collection(2, Distance.Dot);
        String alias = aliasName();
        get(client.createAliasAsync(alias, collection));

        // Qdrant does not resolve the name it deletes: result=false, which the client turns into an exception.
        assertThatThrownBy(() -> get(client.deleteCollectionAsync(alias)))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(QdrantException.class);

        assertThat(get(client.collectionExistsAsync(collection))).isTrue();
        assertThat(get(client.listCollectionAliasesAsync(collection))).containsExactly(alias);
    }
}
