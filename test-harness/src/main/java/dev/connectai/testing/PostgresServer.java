package dev.connectai.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's Debian package ({@code postgresql}, installed by {@code .ci/run}),
 * started in a private data folder on a free loopback port with logical decoding on, as Debezium needs it.
 * Password authentication over TCP, as a user's database would have it. Stopped and deleted on {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root, so under root the server and its tools run as the {@code postgres} user
 * the package creates. The binaries come from {@code PG_BIN} or the newest {@code /usr/lib/postgresql/N/bin}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dataDir, int port, String password, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** Initialises a cluster with {@code wal_level=logical} and starts it; fails with a clear message if PostgreSQL is missing. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("connect-ai-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path dataDir = home.resolve("data");
        String password = "pg-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Path pwFile = home.resolve("pw");
        Files.writeString(pwFile, password + "\n");
        if (root) {
            run(List.of("chown", "-R", USER + ":" + USER, home.toString()), false, home);
        }
        PostgresServer server = new PostgresServer(bin, dataDir, freePort(), password, root);
        server.tool(home, "initdb", "-D", dataDir.toString(), "-U", USER, "-E", "UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwFile);
        Files.deleteIfExists(pwFile);
        String options = "-c listen_addresses=127.0.0.1 -c port=" + server.port
                + " -c unix_socket_directories=" + home
                + " -c wal_level=logical -c max_replication_slots=8 -c max_wal_senders=8 -c fsync=off";
        server.tool(home, "pg_ctl", "-D", dataDir.toString(), "-l", home.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start");
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public void createDatabase(String name) throws IOException, InterruptedException {
        sql("postgres", "CREATE DATABASE " + name);
    }

    /** Runs SQL through psql over TCP with the password (as a client would); returns psql's unaligned output. */
    public String sql(String database, String statements) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-A", "-t", "-h", host(), "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", statements));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        return finish(pb, cmd).trim();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Path home = dataDir.getParent();
        try {
            tool(home, "pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void tool(Path workDir, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(name).toString());
        cmd.addAll(List.of(args));
        run(cmd, asPostgresUser, workDir);
    }

    private static String run(List<String> command, boolean asPostgresUser, Path workDir)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", USER, "--"));
        }
        cmd.addAll(command);
        return finish(new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true), cmd);
    }

    private static String finish(ProcessBuilder pb, List<String> cmd) throws IOException, InterruptedException {
        pb.environment().put("LC_ALL", "C"); // psql and initdb messages in English, whatever the machine locale
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(cmd.indexOf("--") + 1) + " failed (exit " + p.exitValue() + "): " + text);
        }
        return text;
    }

    private static Path findBinaries() throws IOException {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found (no /usr/lib/postgresql/N/bin/initdb and "
                + "PG_BIN unset). Install Debian's 'postgresql' package, as .ci/run does.");
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
