package dev.connectai.toolkit.llm;

/**
 * The values of {@code reasoning_effort} in OpenAI's chat request ({@code ReasoningEffort} in
 * openai-openapi.yaml). Not every reasoning model accepts every value; non-reasoning models reject the field.
 */
public enum ReasoningEffort {
    NONE, MINIMAL, LOW, MEDIUM, HIGH, XHIGH, MAX
}
