package dev.connectai.toolkit.embedding;

import java.util.Objects;

/**
 * Everything {@link OnnxSentenceModel} needs to load and run one sentence-embedding model, whether it comes from the
 * catalogue ({@link LocalModelVariant#descriptor()}) or from the user's files ({@link LocalModelFiles#descriptor}):
 * one loading path for both, so a model gives the same vectors whichever way it is named.
 *
 * @param id             {@code local/<name>}, in metrics and logs
 * @param onnx           the model
 * @param tokenizer      its Hugging Face tokenizer.json
 * @param pooling        how token vectors become the text vector
 * @param normalize      whether vectors are scaled to unit length
 * @param documentLead   put before a document, exactly (spaces included)
 * @param queryLead      put before a query, exactly
 * @param maxTokensLimit the most tokens {@code model.max.tokens} may ask for (the model's position embeddings)
 */
record OnnxModelDescriptor(String id, ModelFile onnx, ModelFile tokenizer, Pooling pooling, boolean normalize,
                           String documentLead, String queryLead, int maxTokensLimit) {

    OnnxModelDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(documentLead, "documentLead");
        Objects.requireNonNull(queryLead, "queryLead");
    }

    /** What goes before a text in {@code role}. */
    String lead(TextRole role) {
        return role == TextRole.QUERY ? queryLead : documentLead;
    }
}
