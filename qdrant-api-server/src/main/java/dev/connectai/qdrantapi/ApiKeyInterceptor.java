package dev.connectai.qdrantapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Qdrant's API-key check: the key comes in the {@code api-key} header or as {@code authorization: Bearer <key>};
 * the health check needs none. Failures are UNAUTHENTICATED with Qdrant's own messages.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN_METHODS = Set.of("qdrant.Qdrant/HealthCheck");

    private final byte[] expected;

    ApiKeyInterceptor(String apiKey) {
        this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        if (OPEN_METHODS.contains(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        String key = headers.get(API_KEY);
        if (key == null) {
            String authorization = headers.get(AUTHORIZATION);
            if (authorization != null && authorization.startsWith("Bearer ")) {
                key = authorization.substring("Bearer ".length());
            }
        }
        String problem = null;
        if (key == null) {
            problem = "Must provide an API key or an Authorization bearer token";
        } else if (!MessageDigest.isEqual(expected, key.getBytes(StandardCharsets.UTF_8))) {
            problem = "Invalid API key or JWT";
        }
        if (problem != null) {
            call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
