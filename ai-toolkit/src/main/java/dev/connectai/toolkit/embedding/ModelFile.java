package dev.connectai.toolkit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Where one file of an in-process model is read from: a model jar in the plugin folder, or the worker's disk. */
sealed interface ModelFile {

    InputStream open() throws IOException;

    /** An ONNX Runtime session over this file. */
    OrtSession session(OrtEnvironment environment, OrtSession.SessionOptions options) throws IOException, OrtException;

    /**
     * A resource of a langchain4j model jar ({@code jar} is its artifact id, for the message when the jar is not in
     * the plugin folder).
     */
    record Resource(String name, String jar) implements ModelFile {

        boolean present() {
            return ModelFile.class.getResource(name) != null;
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = ModelFile.class.getResourceAsStream(name);
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the plugin folder: its jar " + jar
                        + "-<version>.jar is not there");
            }
            return in;
        }

        @Override
        public OrtSession session(OrtEnvironment environment, OrtSession.SessionOptions options)
                throws IOException, OrtException {
            try (InputStream in = open()) {
                return environment.createSession(in.readAllBytes(), options);
            }
        }
    }

    /**
     * A file on disk. ONNX Runtime opens the model by its path, so weights stored as external data next to it
     * (exports over 2 GB) load too.
     */
    record OnDisk(Path path) implements ModelFile {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public OrtSession session(OrtEnvironment environment, OrtSession.SessionOptions options) throws OrtException {
            return environment.createSession(path.toString(), options);
        }
    }
}
