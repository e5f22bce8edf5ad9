package io.ceip.agent.outbox;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes delivered entries of the dead-letter store on one thread of its own, started by the first removal and gone
 * after a minute idle, so that a replay's next request does not wait for the file system. Until its removal is done
 * an entry is {@link #removing}: the store does not show it. A removal that fails is one WARN line (logged as the
 * store); the entry is then sent again under the same report ID, as after a crash.
 */
final class DeadLetterRemover {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final Path directory;
    private final Consumer<String> delete;
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor remover = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "ceip-dead-letter-remover");
                thread.setDaemon(true);
                return thread;
            });

    DeadLetterRemover(Path directory, Consumer<String> delete) {
        this.directory = directory;
        this.delete = delete;
        remover.allowCoreThreadTimeOut(true);
    }

    /** Whether the entry's removal is asked and not yet done. */
    boolean removing(String reportId) {
        return removing.contains(reportId);
    }

    /** Asks for the entry's removal, done on the remover thread. */
    void remove(String reportId) {
        removing.add(reportId);
        remover.execute(() -> {
            try {
                delete.accept(reportId);
            } catch (UncheckedIOException e) {
                LOG.warn("Delivered report {} could not be removed from {}: {}", reportId, directory,
                        e.getCause().getClass().getSimpleName());
            } finally {
                removing.remove(reportId);
            }
        });
    }

    /** Waits until every removal asked so far is done. */
    void await() {
        try {
            remover.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
