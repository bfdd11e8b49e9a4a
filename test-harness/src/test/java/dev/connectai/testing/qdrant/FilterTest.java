package dev.connectai.testing.qdrant;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points.ScrollPoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.isEmpty;
import static io.qdrant.client.ConditionFactory.isNull;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.nested;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.nullValue;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.assertj.core.api.Assertions.assertThat;

class FilterTest extends QdrantTargetTest {

    private String name;

    @BeforeEach
    void fiveBooks() throws Exception {
        name = collection(2, Distance.Dot);
        get(client.upsertAsync(name, List.of(
                point(1, vectors(1f, 0f), Map.of(
                        "tags", list(List.of(value("sci-fi"), value("classic"))),
                        "meta", value(Map.of("author", value("Le Guin"), "year", value(1969))),
                        "price", value(9.5),
                        "in_print", value(true),
                        "editions", list(List.of(value(Map.of("lang", value("en"), "year", value(1969))),
                                value(Map.of("lang", value("fr"), "year", value(1971))))))),
                point(2, vectors(1f, 0f), Map.of(
                        "tags", list(List.of(value("fantasy"))),
                        "meta", value(Map.of("author", value("Le Guin"), "year", value(1968))),
                        "price", value(12),
                        "in_print", value(true),
                        "editions", list(List.of(value(Map.of("lang", value("fr"), "year", value(1969))))))),
                point(3, vectors(1f, 0f), Map.of(
                        "tags", value("sci-fi"),
                        "meta", value(Map.of("author", value("Banks"), "year", value(1987))),
                        "price", value(20),
                        "in_print", value(false))),
                point(4, vectors(1f, 0f), Map.of("tags", list(List.of()), "note", nullValue())),
                point(5, vectors(1f, 0f), Map.of()))));
    }

    @Test
    void aKeywordMatchOnAnArrayMatchesAnyElement() throws Exception {
        assertThat(matching(must(matchKeyword("tags", "classic")))).containsExactly(1L);
        assertThat(matching(must(matchKeyword("tags", "sci-fi")))).containsExactly(1L, 3L);
        assertThat(matching(must(matchKeywords("tags", List.of("fantasy", "classic"))))).containsExactly(1L, 2L);
    }

    @Test
    void dottedKeysReachIntoObjects() throws Exception {
        assertThat(matching(must(matchKeyword("meta.author", "Le Guin")))).containsExactly(1L, 2L);
        assertThat(matching(must(match("meta.year", 1987)))).containsExactly(3L);
        assertThat(matching(must(match("editions[].year", 1971)))).containsExactly(1L);
    }

    @Test
    void rangesCompareIntegersAndFloatsAlike() throws Exception {
        Filter cheap = must(range("price", Range.newBuilder().setLt(12).build()));
        Filter mid = must(range("price", Range.newBuilder().setGte(9.5).setLte(12).build()));

        assertThat(matching(cheap)).containsExactly(1L);
        assertThat(matching(mid)).containsExactly(1L, 2L);
    }

    @Test
    void mustNotAndShouldCombine() throws Exception {
        Filter filter = Filter.newBuilder()
                .addShould(matchKeyword("tags", "fantasy"))
                .addShould(match("in_print", false))
                .addMustNot(hasId(id(3)))
                .build();
        Filter noneInPrint = Filter.newBuilder().addMustNot(match("in_print", true)).build();

        assertThat(matching(filter)).containsExactly(2L);
        assertThat(matching(noneInPrint)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void isEmptyAndIsNullFollowQdrant() throws Exception {
        // is_empty: missing, null or []; is_null: present and null.
        assertThat(matching(must(isEmpty("tags")))).containsExactly(4L, 5L);
        assertThat(matching(must(isNull("note")))).containsExactly(4L);
        assertThat(matching(must(hasId(List.of(id(2), id(5), id(42)))))).containsExactly(2L, 5L);
    }

    @Test
    void aNestedConditionHoldsWithinOneArrayElement() throws Exception {
        Filter sameEdition = Filter.newBuilder().addMust(matchKeyword("lang", "fr")).addMust(match("year", 1969))
                .build();
        Filter anyEdition = Filter.newBuilder().addMust(matchKeyword("editions[].lang", "fr"))
                .addMust(match("editions[].year", 1969)).build();

        assertThat(matching(must(nested("editions", sameEdition)))).containsExactly(2L);
        assertThat(matching(anyEdition)).containsExactly(1L, 2L);
    }

    private static Filter must(Condition condition) {
        return Filter.newBuilder().addMust(condition).build();
    }

    private List<Long> matching(Filter filter) throws Exception {
        return get(client.scrollAsync(ScrollPoints.newBuilder().setCollectionName(name).setFilter(filter)
                .setLimit(100).build())).getResultList().stream().map(p -> p.getId().getNum())
                .collect(Collectors.toList());
    }
}
