package io.ceip.agent.tls;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a PKCS12 store within {@value #MAX_SECONDS} s, on a daemon thread of its own: a PKCS12 file sets the PBE
 * iteration count of each of its encrypted parts and keys (the JDK accepts up to 5,000,000 each, and derives the key
 * again for every part), so a file of a few KB can take minutes, a 4 MiB one hours. Past the bound the start stops
 * with one {@link IllegalArgumentException} naming the setting and the file (the thread is left to finish on its
 * own: the key derivation cannot be interrupted, and the process ends with the refused start).
 */
final class StoreOpening {

    /** The longest a store may take to open. */
    static final int MAX_SECONDS = 10;

    private StoreOpening() {
    }

    /**
     * The result of {@code open}, or an {@link IllegalArgumentException} naming {@code setting}: the one {@code open}
     * threw, or one saying that the store took too long or could not be opened (the error's class only).
     */
    static <T> T within(Callable<T> open, String setting, String whatCosts) {
        FutureTask<T> task = new FutureTask<>(open);
        Thread thread = new Thread(task, "ceip-key-store-check");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(MAX_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new IllegalArgumentException(setting + " takes more than " + MAX_SECONDS + " s to open (" + whatCosts
                    + " too high): export it again with the JDK's defaults");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalArgumentException refused ? refused : new IllegalArgumentException(
                    setting + " cannot be opened (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException(setting + " not checked: the start was interrupted");
        }
    }
}
