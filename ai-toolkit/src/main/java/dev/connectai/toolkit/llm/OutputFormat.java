package dev.connectai.toolkit.llm;

/** How a JSON answer is asked for. */
public enum OutputFormat {
    /** Plain text (generation). */
    TEXT,
    /** OpenAI strict json_schema / Ollama format=schema: the endpoint constrains the answer to the schema. */
    JSON_SCHEMA,
    /** JSON mode (any JSON object) with the schema in the prompt, for endpoints without schema support. */
    JSON_OBJECT,
    /** No response format at all: the schema is only in the prompt. */
    PROMPT
}
