package io.ceip.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The child process of {@link DeadLetterRecoveryLeavesWhatItCannotReadTest}, started with a low limit of open files:
 * its arguments: the store's directory, and another one for a warm-up. It takes every file descriptor the kernel still gives this process at a chosen moment (so the next {@code open} is
 * the kernel's own {@code EMFILE}, "Too many open files", as when the host product holds them all), lets the store
 * work, gives them back, and prints what the store did as {@code key=value} lines on stdout.
 * <p>
 * The store's entries, in the order recovery checks them (by report ID): {@code 1…} a body without metadata (read
 * while descriptors are left; its adoption takes them all), {@code 2…} a complete entry, {@code 3…} a body without
 * metadata: both read with none left. Then, as the agent runs: the complete entry read with none left, then again.
 */
public final class RecoveryWithoutFileDescriptors {

    static final String FIRST = "10000000-0000-4000-8000-000000000000";
    static final String SECOND = "20000000-0000-4000-8000-000000000000";
    static final String THIRD = "30000000-0000-4000-8000-000000000000";

    private static final List<FileChannel> TAKEN = new ArrayList<>();

    private RecoveryWithoutFileDescriptors() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        DeadLetterStore store = new DeadLetterStore(dir, () -> mapper, Clock.systemUTC());
        store.savePending(SECOND, gzip(SECOND));
        Files.write(dir.resolve(FIRST + DeadLetterFiles.BODY), gzip(FIRST));
        Files.write(dir.resolve(THIRD + DeadLetterFiles.BODY), gzip(THIRD));
        warmUp(mapper, Path.of(args[1]));

        Set<String> refused = new HashSet<>();
        List<String> adopted = new ArrayList<>();
        int quarantined = new DeadLetterRecovery(dir, mapper, reportId -> {
            adopted.add(reportId);
            takeEveryDescriptor(); // the moment after the first entry: every later open fails
        }, refused, new LaterVersions()).run();
        int left = giveBack();
        System.out.println("taken=" + left);
        System.out.println("quarantined=" + quarantined);
        System.out.println("refused=" + refused);
        System.out.println("adopted=" + adopted);
        System.out.println("files=" + names(dir));
        System.out.println("quarantine=" + names(dir.resolve(DeadLetterFiles.QUARANTINE)));

        takeEveryDescriptor();
        boolean readWithout = store.read(SECOND).isPresent();
        giveBack();
        System.out.println("readWithoutDescriptors=" + readWithout);
        System.out.println("readAfter=" + store.read(SECOND).map(DeadLetter::reportId).orElse("none"));
        System.out.println("bodyAfter=" + store.body(SECOND).length);
        System.out.println("storeQuarantined=" + store.quarantined());
    }

    /** Every class the store and its logging need (time zones, message formats) loaded while files can be opened. */
    private static void warmUp(ObjectMapper mapper, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(FIRST + DeadLetterFiles.BODY), gzip(FIRST));
        Files.writeString(dir.resolve("garbage"), "x");
        new DeadLetterRecovery(dir, mapper, reportId -> { }, new HashSet<>(), new LaterVersions()).run();
        new DeadLetterStore(dir, () -> mapper, Clock.systemUTC()).read(FIRST);
    }

    private static void takeEveryDescriptor() {
        Path any = Path.of("/dev/null");
        try {
            while (TAKEN.size() < 100_000) {
                TAKEN.add(FileChannel.open(any, StandardOpenOption.READ));
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("Too many open files")) {
                throw new IllegalStateException("not EMFILE: " + e);
            }
        }
    }

    private static int giveBack() throws IOException {
        int n = TAKEN.size();
        for (FileChannel channel : TAKEN) {
            channel.close();
        }
        TAKEN.clear();
        return n;
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals(DeadLetterFiles.QUARANTINE))
                    .sorted().toList();
        }
    }

    private static byte[] gzip(String reportId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(("{\"reportId\":\"" + reportId + "\",\"consent\":\"basic\"}").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
