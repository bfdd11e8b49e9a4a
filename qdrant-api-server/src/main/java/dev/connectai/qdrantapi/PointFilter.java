package dev.connectai.qdrantapi;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Common.ValuesCount;
import io.qdrant.client.grpc.JsonWithInt.Value;

/**
 * Qdrant's filter semantics, evaluated on a stored point: {@code must} all hold, {@code should} at least one
 * (when any are given), {@code must_not} none, {@code min_should} at least N. A field condition holds when any
 * value at the key satisfies it, so a keyword match on an array payload holds if one element equals the keyword.
 */
final class PointFilter {

    private PointFilter() {
    }

    static boolean matches(Filter filter, StoredPoint point) {
        return matches(filter, point.id, point.vectors.keySet(), point.payload);
    }

    private static boolean matches(Filter filter, PointKey id, Set<String> vectorNames, Map<String, Value> payload) {
        for (Condition c : filter.getMustList()) {
            if (!holds(c, id, vectorNames, payload)) {
                return false;
            }
        }
        for (Condition c : filter.getMustNotList()) {
            if (holds(c, id, vectorNames, payload)) {
                return false;
            }
        }
        if (filter.getShouldCount() > 0) {
            boolean any = false;
            for (Condition c : filter.getShouldList()) {
                if (holds(c, id, vectorNames, payload)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        if (filter.hasMinShould()) {
            long satisfied = 0;
            for (Condition c : filter.getMinShould().getConditionsList()) {
                if (holds(c, id, vectorNames, payload)) {
                    satisfied++;
                }
            }
            return satisfied >= filter.getMinShould().getMinCount();
        }
        return true;
    }

    private static boolean holds(Condition c, PointKey id, Set<String> vectorNames, Map<String, Value> payload) {
        switch (c.getConditionOneOfCase()) {
            case FIELD:
                return fieldHolds(c.getField(), payload);
            case IS_EMPTY:
                return isEmpty(PayloadPath.of(c.getIsEmpty().getKey()).values(payload));
            case IS_NULL:
                return isNull(PayloadPath.of(c.getIsNull().getKey()).values(payload));
            case HAS_ID:
                return ids(c.getHasId().getHasIdList()).contains(id);
            case HAS_VECTOR:
                return vectorNames.contains(c.getHasVector().getHasVector());
            case FILTER:
                return matches(c.getFilter(), id, vectorNames, payload);
            case NESTED:
                // Each object of the array must satisfy the whole inner filter on its own.
                for (Value element : PayloadPath.of(c.getNested().getKey()).values(payload)) {
                    if (element.hasStructValue() && matches(c.getNested().getFilter(), id, Set.of(),
                            element.getStructValue().getFieldsMap())) {
                        return true;
                    }
                }
                return false;
            default:
                throw QdrantErrors.invalidArgument("Condition is not set");
        }
    }

    private static Set<PointKey> ids(List<PointId> ids) {
        Set<PointKey> out = new HashSet<>();
        for (PointId id : ids) {
            out.add(PointKey.of(id));
        }
        return out;
    }

    private static boolean isEmpty(List<Value> values) {
        return values.stream().allMatch(v -> v.hasNullValue());
    }

    private static boolean isNull(List<Value> values) {
        return values.stream().anyMatch(v -> v.hasNullValue());
    }

    private static boolean fieldHolds(FieldCondition f, Map<String, Value> payload) {
        List<Value> values = PayloadPath.of(f.getKey()).values(payload);
        if (f.hasGeoBoundingBox() || f.hasGeoRadius() || f.hasGeoPolygon() || f.hasDatetimeRange()) {
            throw QdrantErrors.notSupportedHere("geo and datetime conditions");
        }
        boolean any = false;
        if (f.hasMatch()) {
            any = true;
            if (!matchHolds(f.getMatch(), values)) {
                return false;
            }
        }
        if (f.hasRange()) {
            any = true;
            if (values.stream().noneMatch(v -> inRange(f.getRange(), v))) {
                return false;
            }
        }
        if (f.hasValuesCount()) {
            any = true;
            if (!countInRange(f.getValuesCount(), values.size())) {
                return false;
            }
        }
        if (f.hasIsEmpty()) {
            any = true;
            if (isEmpty(values) != f.getIsEmpty()) {
                return false;
            }
        }
        if (f.hasIsNull()) {
            any = true;
            if (isNull(values) != f.getIsNull()) {
                return false;
            }
        }
        return any;
    }

    private static boolean matchHolds(Match m, List<Value> values) {
        switch (m.getMatchValueCase()) {
            case KEYWORD:
                return values.stream().anyMatch(v -> v.hasStringValue() && v.getStringValue().equals(m.getKeyword()));
            case INTEGER:
                return values.stream().anyMatch(v -> v.hasIntegerValue() && v.getIntegerValue() == m.getInteger());
            case BOOLEAN:
                return values.stream().anyMatch(v -> v.hasBoolValue() && v.getBoolValue() == m.getBoolean());
            case KEYWORDS:
                return values.stream().anyMatch(v -> v.hasStringValue()
                        && m.getKeywords().getStringsList().contains(v.getStringValue()));
            case INTEGERS:
                return values.stream().anyMatch(v -> v.hasIntegerValue()
                        && m.getIntegers().getIntegersList().contains(v.getIntegerValue()));
            case EXCEPT_KEYWORDS:
                return values.stream().anyMatch(v -> !v.hasStringValue()
                        || !m.getExceptKeywords().getStringsList().contains(v.getStringValue()));
            case EXCEPT_INTEGERS:
                return values.stream().anyMatch(v -> !v.hasIntegerValue()
                        || !m.getExceptIntegers().getIntegersList().contains(v.getIntegerValue()));
            case TEXT:
            case PHRASE:
                // Without a full-text index Qdrant matches text as a plain substring.
                return values.stream().anyMatch(v -> v.hasStringValue() && v.getStringValue().contains(
                        m.getMatchValueCase() == Match.MatchValueCase.TEXT ? m.getText() : m.getPhrase()));
            case TEXT_ANY:
                return values.stream().anyMatch(v -> v.hasStringValue() && List.of(m.getTextAny().split("\\s+"))
                        .stream().anyMatch(word -> !word.isEmpty() && v.getStringValue().contains(word)));
            default:
                throw QdrantErrors.invalidArgument("Match value is not set");
        }
    }

    private static boolean inRange(Range r, Value v) {
        double x;
        if (v.hasIntegerValue()) {
            x = v.getIntegerValue();
        } else if (v.hasDoubleValue()) {
            x = v.getDoubleValue();
        } else {
            return false;
        }
        return (!r.hasLt() || x < r.getLt()) && (!r.hasGt() || x > r.getGt())
                && (!r.hasLte() || x <= r.getLte()) && (!r.hasGte() || x >= r.getGte());
    }

    private static boolean countInRange(ValuesCount c, long n) {
        return (!c.hasLt() || n < c.getLt()) && (!c.hasGt() || n > c.getGt())
                && (!c.hasLte() || n <= c.getLte()) && (!c.hasGte() || n >= c.getGte());
    }
}
