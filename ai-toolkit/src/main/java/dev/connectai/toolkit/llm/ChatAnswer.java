package dev.connectai.toolkit.llm;

/**
 * What a chat model answered. {@code finishReason} is normalised to stop, length or other; {@code refusal} is the
 * model's refusal text when it declined (OpenAI structured outputs), else null.
 */
public record ChatAnswer(String content, String finishReason, String refusal, long tokensIn, long tokensOut,
                         long latencyMillis) {

    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
