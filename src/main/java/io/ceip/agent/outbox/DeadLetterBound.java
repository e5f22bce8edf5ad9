package io.ceip.agent.outbox;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter store's bound ({@code ceip.dead-letter.max-entries}, {@code ceip.dead-letter.max-bytes}): when a
 * new report passes it, the oldest pending entries (never the new one, never a rejected one) are evicted, one WARN
 * line each (logged as the store), and counted.
 * <p>
 * Each save checks the bound. The check first counts the body files by their names and sizes alone, which can only
 * be more than the entries and bytes the store holds; only when that is past the bound are the entries read (every
 * metadata file). One save into a store of about 1,050 entries (bound 1,200): median 92–95 ms before, 4.7–5.9 ms
 * after, most of it the two fsyncs; filling an empty store with 1,000 entries: 46–50 s before, 3.5 s after (2 cores,
 * load under 1, 2026-12-03, two runs each of a small program over {@code DeadLetterStore}: the issue 17 note).
 */
final class DeadLetterBound {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final int maxEntries;
    private final long maxBytes;
    private final AtomicLong evicted = new AtomicLong();

    DeadLetterBound(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Evicts from {@code store} until it is within the bound, keeping the entry {@code keep}. */
    void enforce(DeadLetterStore store, String keep) {
        synchronized (store) { // as the store's recovery
            if (surelyWithin(store.directory())) {
                return;
            }
            List<DeadLetter> entries = store.entries();
            long bytes = store.totalBytes();
            for (DeadLetter oldest : entries) {
                if (entries.size() <= maxEntries && bytes <= maxBytes) {
                    return;
                }
                if (oldest.reportId().equals(keep) || !DeadLetter.PENDING.equals(oldest.state())) {
                    continue;
                }
                long size = store.size(oldest.reportId());
                store.delete(oldest.reportId());
                entries = entries.stream().filter(e -> !e.reportId().equals(oldest.reportId())).toList();
                bytes -= size;
                evicted.incrementAndGet();
                LOG.warn("Dead-letter store full ({} entries, {} bytes at most): oldest pending report {} evicted",
                        maxEntries, maxBytes, oldest.reportId());
            }
        }
    }

    /**
     * Whether the body files of {@code directory} (every {@code *.json.gz}, whatever it is) are no more than
     * {@code maxEntries} and their sizes no more than {@code maxBytes}: then the entries, each with one such body, are
     * within the bound too. False when the directory cannot be listed (the entries decide then).
     */
    private boolean surelyWithin(Path directory) {
        int bodies = 0;
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DeadLetterFiles.BODY)) {
            for (Path body : files) {
                bodies++;
                bytes += Files.readAttributes(body, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
                if (bodies > maxEntries || bytes > maxBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException | DirectoryIteratorException e) {
            return false;
        }
    }

    /** Entries evicted since start. */
    long evicted() {
        return evicted.get();
    }
}
