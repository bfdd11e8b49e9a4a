package dev.connectai.toolkit.schema;

/**
 * A schema the parser refuses, with the JSON path of the offending node. A refused keyword is reported by name
 * ({@link #keyword()}), so a reader can say in its own words why it cannot honour it.
 */
public final class JsonSchemaException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final String path;
    private final String keyword;
    private final String problem;

    private JsonSchemaException(String message, String path, String keyword, String problem) {
        super(message);
        this.path = path;
        this.keyword = keyword;
        this.problem = problem;
    }

    /** A problem at a node; the message reads "path: problem", or just the problem when path is null. */
    static JsonSchemaException at(String path, String problem) {
        return new JsonSchemaException(path == null ? problem : path + ": " + problem, path, null, problem);
    }

    static JsonSchemaException keyword(String path, String keyword) {
        return new JsonSchemaException("unsupported JSON Schema keyword '" + keyword + "' at " + path, path, keyword,
                "the keyword '" + keyword + "' is not supported");
    }

    /** The JSON path of the node, or null for a problem with the document as a whole. */
    public String path() {
        return path;
    }

    /** The refused keyword, or null when the problem is not a keyword. */
    public String keyword() {
        return keyword;
    }

    /** The problem without the path. */
    public String problem() {
        return problem;
    }
}
