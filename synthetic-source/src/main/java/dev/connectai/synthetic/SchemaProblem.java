package dev.connectai.synthetic;

/** A schema that cannot be generated from; the message names the field. Reported by validate(). */
class SchemaProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SchemaProblem(String path, String message) {
        super(path + ": " + message);
    }
}
