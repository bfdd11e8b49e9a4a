package dev.connectai.qdrant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.connectai.toolkit.record.FieldPath;
import dev.connectai.toolkit.record.ValueTypes;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.grpc.Points.Vector;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads dense, sparse and multi vectors out of record values. Every element must be a finite number:
 * JSON's 0 and 1 arrive as integers and are numbers like any other (Qdrant's own sink chokes on them).
 */
final class VectorReader {

    private VectorReader() {
    }

    static List<Float> dense(Object root, Schema schema, FieldPath path) {
        return denseValue(required(root, schema, path), "vector field '" + path + "'");
    }

    static Vector sparse(Object root, Schema schema, FieldPath path) {
        Object value = required(root, schema, path);
        String what = "sparse vector field '" + path + "'";
        Object indices;
        Object values;
        if (value instanceof Struct s) {
            indices = s.schema().field("indices") == null ? null : s.get("indices");
            values = s.schema().field("values") == null ? null : s.get("values");
        } else if (value instanceof Map<?, ?> m) {
            indices = m.get("indices");
            values = m.get("values");
        } else {
            throw new DataException(what + " is " + ValueTypes.describe(value) + ", expected {indices, values}");
        }
        if (!(indices instanceof List<?> idx) || !(values instanceof List<?>)) {
            throw new DataException(what + " needs 'indices' and 'values' arrays");
        }
        List<Float> vals = denseValue(values, what + " values");
        if (idx.size() != vals.size()) {
            throw new DataException(what + " has " + idx.size() + " indices but " + vals.size() + " values");
        }
        List<Integer> ints = new ArrayList<>(idx.size());
        for (int i = 0; i < idx.size(); i++) {
            Object x = idx.get(i);
            if (!(x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte)
                    || ((Number) x).longValue() < 0 || ((Number) x).longValue() > 0xFFFFFFFFL) {
                throw new DataException(what + " index " + i + " is not a non-negative 32-bit integer");
            }
            ints.add((int) ((Number) x).longValue());
        }
        return VectorFactory.vector(vals, ints);
    }

    static Vector multi(Object root, Schema schema, FieldPath path) {
        Object value = required(root, schema, path);
        String what = "multi-vector field '" + path + "'";
        if (!(value instanceof List<?> rows) || rows.isEmpty()) {
            throw new DataException(what + " is " + ValueTypes.describe(value) + ", expected a non-empty list of vectors");
        }
        List<List<Float>> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<Float> row = denseValue(rows.get(i), what + " row " + i);
            if (!out.isEmpty() && row.size() != out.get(0).size()) {
                throw new DataException(what + " rows differ in length (" + out.get(0).size() + " and " + row.size() + ")");
            }
            out.add(row);
        }
        return VectorFactory.multiVector(out);
    }

    private static Object required(Object root, Schema schema, FieldPath path) {
        FieldPath.Resolved r = path.resolve(root, schema);
        if (!r.exists()) {
            throw new DataException("no vector: " + r.problem());
        }
        if (r.value() == null) {
            throw new DataException("no vector: field '" + path + "' is null");
        }
        return r.value();
    }

    static List<Float> denseValue(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw new DataException(what + " is " + ValueTypes.describe(value) + ", expected an array of numbers");
        }
        if (list.isEmpty()) {
            throw new DataException(what + " is an empty array");
        }
        List<Float> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object x = list.get(i);
            if (!(x instanceof Number n)) {
                throw new DataException(what + " element " + i + " is " + ValueTypes.describe(x) + ", not a number");
            }
            float f = n.floatValue();
            if (!Float.isFinite(f)) {
                throw new DataException(what + " element " + i + " is " + n + "; vectors must be finite");
            }
            out.add(n instanceof Float boxed ? boxed : Float.valueOf(f)); // a Float is kept, not boxed again
        }
        return out;
    }
}
