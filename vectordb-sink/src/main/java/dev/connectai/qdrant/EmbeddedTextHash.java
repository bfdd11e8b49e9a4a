package dev.connectai.qdrant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.connectai.toolkit.embedding.EmbeddingModelSpec;
import dev.connectai.toolkit.embedding.TextRole;
import dev.connectai.toolkit.sparse.Bm25Settings;

/**
 * The fingerprint of one text as the sink embeds it, stored in each point's payload under {@link #FIELD} so an
 * update of a record whose text did not change can keep the stored vector (see {@link UnchangedEmbeddings}).
 *
 * <p>Exactly: lowercase hex of SHA-256 over the UTF-8 bytes of {@code header + "\n" + text}, where {@code text}
 * is the string given to the model (the whole text, or one chunk of it) and {@code header} is
 * {@code "connect-ai/text-sha256/v1 model=<provider/name> role=document dimensions=<n or empty>
 * max-tokens=<n> files=<LocalModelFiles or empty>"}, followed, when the sink writes a BM25 sparse vector too, by
 * {@code " bm25=<vector name>/<language>/<stemming>/<stop words>/<k1>/<b>/<avg length>"}: everything besides the text
 * that changes the vectors (the model, the role that picks the document prefix, the requested size, the truncation
 * limit, the files, pooling and prefixes of a model read from disk, and every BM25 setting), so another model, input
 * form or tokenisation never keeps an old vector.
 * Not part of it: a remote endpoint's URL (the same model name served elsewhere gives the same vectors) and
 * model files replaced in place under the same path and name.
 */
final class EmbeddedTextHash {

    static final String FIELD = "text_sha256";

    private final byte[] header;

    EmbeddedTextHash(EmbeddingModelSpec spec, String bm25Vector, Bm25Settings bm25) {
        String h = "connect-ai/text-sha256/v1 model=" + spec.id()
                + " role=" + TextRole.DOCUMENT.configName()
                + " dimensions=" + (spec.dimensions() == null ? "" : spec.dimensions())
                + " max-tokens=" + spec.maxTokens()
                + " files=" + (spec.files() == null ? "" : spec.files())
                + (bm25Vector == null ? "" : " bm25=" + bm25Vector + "/" + bm25.language().configName() + "/"
                        + bm25.stemming().configName() + "/" + bm25.stopWords().configName() + "/" + bm25.k1() + "/"
                        + bm25.b() + "/" + bm25.avgLength())
                + "\n";
        this.header = h.getBytes(StandardCharsets.UTF_8);
    }

    String of(String text) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update(header);
        return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
