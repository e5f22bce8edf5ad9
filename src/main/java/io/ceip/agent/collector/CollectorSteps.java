package io.ceip.agent.collector;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded collector route's step: store the received report and say where it landed. */
public final class CollectorSteps {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorSteps.class);

    private final CollectorStore store;

    public CollectorSteps(CollectorStore store) {
        this.store = store;
    }

    public String accept(@Body byte[] body) throws InvalidReportException {
        CollectorStore.Receipt receipt = store.accept(body);
        if (receipt.duplicate()) {
            LOG.info("Embedded collector: report {} received again, already stored at {}", receipt.reportId(),
                    receipt.file());
        } else {
            LOG.info("Embedded collector: report {} received and stored at {}", receipt.reportId(), receipt.file());
        }
        return "";
    }
}
