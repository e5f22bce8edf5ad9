package io.ceip.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Baseline of the events figure ({@link EventsThroughSpool}): the practical limit of this machine for reading
 * spool files — a plain loop that reads every {@code *.jsonl} file of each directory given, in name order, line by
 * line, and parses each line with Jackson. Arguments: the directories, in the order the agent's side gets them.
 * Prints one line per directory: {@code plain: N events in M µs}.
 */
public final class PlainEventLoop {

    private PlainEventLoop() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String directory : args) {
            List<Path> files;
            try (Stream<Path> listed = Files.list(Path.of(directory))) {
                files = listed.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            }
            long start = System.nanoTime();
            long parsed = 0;
            for (Path file : files) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (json.readTree(line).has("type")) {
                            parsed++;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "plain: %d events in %d µs%n", parsed,
                    (System.nanoTime() - start) / 1000);
        }
    }
}
