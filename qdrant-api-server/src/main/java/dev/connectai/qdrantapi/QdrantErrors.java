package dev.connectai.qdrantapi;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC statuses real Qdrant answers with. Its storage errors are mapped to codes in one place (BadInput and
 * BadRequest to INVALID_ARGUMENT, NotFound to NOT_FOUND, AlreadyExists to ALREADY_EXISTS) and the message is the
 * error's display text, prefix included, so clients that match on "Wrong input:" or "Not found:" keep working.
 */
final class QdrantErrors {

    private QdrantErrors() {
    }

    static StatusRuntimeException collectionNotFound(String name) {
        return notFound("Collection `" + name + "` doesn't exist!");
    }

    static StatusRuntimeException collectionExists(String name) {
        return Status.ALREADY_EXISTS.withDescription("Wrong input: Collection `" + name + "` already exists!")
                .asRuntimeException();
    }

    static StatusRuntimeException pointNotFound(PointKey id) {
        return notFound("No point with id " + id + " found");
    }

    static StatusRuntimeException notFound(String description) {
        return Status.NOT_FOUND.withDescription("Not found: " + description).asRuntimeException();
    }

    static StatusRuntimeException wrongInput(String description) {
        return Status.INVALID_ARGUMENT.withDescription("Wrong input: " + description).asRuntimeException();
    }

    static StatusRuntimeException badRequest(String description) {
        return Status.INVALID_ARGUMENT.withDescription("Bad request: " + description).asRuntimeException();
    }

    /** Errors Qdrant raises while converting the request, before any storage error type exists: no prefix. */
    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException validation(String field, String problem) {
        return invalidArgument("Validation error in body: [" + field + ": " + problem + "]");
    }

    /** A feature real Qdrant has but this server does not: fail loudly rather than answer wrongly. */
    static StatusRuntimeException notSupportedHere(String what) {
        return Status.UNIMPLEMENTED.withDescription("QdrantApiServer does not implement " + what)
                .asRuntimeException();
    }
}
