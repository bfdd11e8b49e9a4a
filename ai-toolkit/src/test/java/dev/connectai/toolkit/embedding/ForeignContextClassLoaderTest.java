package dev.connectai.toolkit.embedding;

import java.net.URL;
import java.net.URLClassLoader;

import dev.connectai.toolkit.shared.SharedResources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect runs a transform with the context class loader of the connector it belongs to, which cannot see the
 * pack's jars. The native tokenizer and ONNX Runtime must still load. Surefire gives every test class a fresh
 * JVM in this module, so nothing here was loaded before this test.
 */
class ForeignContextClassLoaderTest {

    @Test
    void modelLoadsUnderAContextClassLoaderThatCannotSeeThePack() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader foreign = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(foreign);
            try (SharedResources.Lease<EmbeddingModel> model =
                         SharedEmbeddingModels.acquire(EmbeddingModelSpec.local(LocalModelVariant.ALL_MINILM_L6_V2_Q))) {
                assertThat(model.get().embed("hello")).hasSize(384);
            }
            assertThat(thread.getContextClassLoader()).isSameAs(foreign);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
