package dev.connectai.qdrantapi;

import java.util.Map;

import io.qdrant.client.grpc.JsonWithInt.Value;

/**
 * Qdrant turns a gRPC payload into JSON before anything else happens to the request, and JSON has no NaN or
 * infinity: copies {@code proto_to_json} in qdrant/qdrant lib/api/src/conversions/json.rs, which answers
 * {@code Status::invalid_argument("cannot convert to json number")} when {@code serde_json::Number::from_f64}
 * refuses a double. Being a conversion error it comes back even with {@code wait=false}, and rejects the request.
 */
final class PayloadValues {

    private PayloadValues() {
    }

    static void requireJson(Map<String, Value> payload) {
        for (Value v : payload.values()) {
            requireJson(v);
        }
    }

    private static void requireJson(Value v) {
        switch (v.getKindCase()) {
            case DOUBLE_VALUE:
                if (!Double.isFinite(v.getDoubleValue())) {
                    throw QdrantErrors.invalidArgument("cannot convert to json number");
                }
                break;
            case STRUCT_VALUE:
                requireJson(v.getStructValue().getFieldsMap());
                break;
            case LIST_VALUE:
                for (Value element : v.getListValue().getValuesList()) {
                    requireJson(element);
                }
                break;
            default:
                break;
        }
    }
}
