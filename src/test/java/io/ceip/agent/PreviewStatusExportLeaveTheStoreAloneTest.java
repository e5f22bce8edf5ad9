package io.ceip.agent;

import io.ceip.agent.config.Settings;
import io.ceip.agent.ops.StatusReport;
import io.ceip.agent.support.AgentTestSupport;
import io.ceip.agent.support.TestHttpsServer.Reply;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preview, status and export read the dead-letter store but never change it: the same files, with the same sizes,
 * modification times and content, before and after each of them (a pending and a rejected entry are in it).
 */
class PreviewStatusExportLeaveTheStoreAloneTest extends AgentTestSupport {

    @Test
    void previewStatusAndExportChangeNoFileOfTheStore() throws Exception {
        server().reply(Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(503), Reply.status(400));
        runReportCycle();
        runReportCycle();
        Path store = dataDirectory().resolve("dead-letter");
        Map<String, String> before = snapshot(store);
        assertThat(before).as("two entries and the running agent's lock file").hasSize(5)
                .containsKey(io.ceip.agent.outbox.StoreOwnership.NAME);
        int requests = server().received().size();

        assertThat(management().preview()).contains("\"reportId\"");
        assertThat(snapshot(store)).as("after preview").isEqualTo(before);

        String status = new StatusReport(new Settings(key -> context.getPropertiesComponent().resolveProperty(key)),
                Optional.empty(), Path.of("config/application.properties"), Clock.systemUTC()).render();
        assertThat(status).contains("1 pending, 1 rejected");
        assertThat(snapshot(store)).as("after status").isEqualTo(before);

        assertThat(management().exportReport(dataDirectory().resolve("export.json.gz").toString()))
                .contains("exported to");
        assertThat(snapshot(store)).as("after export").isEqualTo(before);
        assertThat(server().received()).as("nothing sent").hasSize(requests);
    }

    /** Every path under the store with its size, modification time and content hash. */
    private static Map<String, String> snapshot(Path store) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(store)) {
            for (Path path : paths.toList()) {
                String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        ? Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(path))) : "dir";
                files.put(store.relativize(path).toString(), Files.size(path) + " "
                        + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis() + " " + content);
            }
        }
        files.remove("");
        return files;
    }
}
