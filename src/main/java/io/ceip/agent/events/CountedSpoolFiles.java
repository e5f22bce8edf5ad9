package io.ceip.agent.events;

import java.nio.file.Path;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The spool route's file filter ({@code filter: "#countedSpoolFiles"}): a file counted already (flushed, its delete not
 * done or failed: a spool the agent may read but not delete in) is deleted unread if it can be now and never handed to
 * the poll ({@link EventSpool#countedAlready}). The file consumer stops listing at {@code ceip.events.max-files-per-poll}
 * files taken, in the directory's own order: counted files taken and skipped there kept every new file behind them
 * from ever being read.
 */
public final class CountedSpoolFiles implements GenericFileFilter<Object> {

    private final EventSpool spool;

    public CountedSpoolFiles(EventSpool spool) {
        this.spool = spool;
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        return file.isDirectory() || !spool.countedAlready(Path.of(file.getAbsoluteFilePath()));
    }
}
