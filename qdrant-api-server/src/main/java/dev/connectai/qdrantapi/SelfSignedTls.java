package dev.connectai.qdrantapi;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool and written as
 * PEM files: the certificate doubles as the CA file a client trusts.
 */
public record SelfSignedTls(Path certificate, Path privateKey) {

    private static final String PASSWORD = "test-only";

    public static SelfSignedTls create(Path dir) {
        try {
            Path store = dir.resolve("qdrant-test.p12");
            Files.deleteIfExists(store);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "qdrant", "-keyalg", "RSA",
                    "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate("qdrant");
            PrivateKey key = (PrivateKey) ks.getKey("qdrant", PASSWORD.toCharArray());
            Path certFile = dir.resolve("qdrant-test-cert.pem");
            Path keyFile = dir.resolve("qdrant-test-key.pem");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            return new SelfSignedTls(certFile, keyFile);
        } catch (Exception e) {
            throw new IllegalStateException("could not make a test certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
