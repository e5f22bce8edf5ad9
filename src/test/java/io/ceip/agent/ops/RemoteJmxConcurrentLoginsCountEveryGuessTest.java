package io.ceip.agent.ops;

import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.FreePort;

import java.rmi.registry.LocateRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.remote.rmi.RMIServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review ops32: the lock-out counted a failed login only once its password had been checked, and let every login in
 * while the address had fewer than five failures: logins sent at once, each on a connection of its own (RMI opens one
 * per concurrent call), were all checked, so that an address guessed many passwords per period instead of five. Now
 * no more than {@link JmxLoginFailures#MAX_FAILURES} passwords of one address are checked before it is locked out,
 * however many logins arrive at once.
 */
class RemoteJmxConcurrentLoginsCountEveryGuessTest extends AgentTestSupport {

    private static final int LOGINS = 24;

    private int jmxPort;

    @Override
    public boolean useJmx() {
        return true;
    }

    @Override
    protected Properties overrides() {
        jmxPort = FreePort.next();
        return remoteJmx(jmxPort, "operator 0perator-pass\n", "operator readwrite\n");
    }

    @Test
    void loginsSentAtOnceGetNoMoreGuessesThanTheLockOutAllows() throws Exception {
        RMIServer server = (RMIServer) LocateRegistry.getRegistry("127.0.0.1", jmxPort).lookup("jmxrmi");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(LOGINS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < LOGINS; i++) {
                String guess = "guess-" + i;
                answers.add(threads.submit(() -> {
                    go.await();
                    try {
                        server.newClient(new String[] { "operator", guess }).close();
                        return "logged in";
                    } catch (SecurityException e) {
                        return e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> said = new ArrayList<>();
            for (Future<String> answer : answers) {
                said.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(said).doesNotContain("logged in");
            assertThat(said.stream().filter(message -> !message.startsWith("Too many failed logins")))
                    .as("passwords checked").hasSizeLessThanOrEqualTo(JmxLoginFailures.MAX_FAILURES);
        } finally {
            threads.shutdownNow();
        }
    }
}
