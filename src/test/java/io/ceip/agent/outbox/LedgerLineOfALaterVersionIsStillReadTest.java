package io.ceip.agent.outbox;

import io.ceip.agent.outbox.DeliveryLedger.Entry;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent put back over a later version reads the ledger lines that version wrote: a field it added between the
 * attempt (or partial) field and the destination is passed over (before, the whole line was read as not the agent's,
 * and {@code status} named an earlier attempt as the last). Known fields out of place, fields of no name (a torn
 * line's mark) and odd characters still make a line not the agent's.
 */
class LedgerLineOfALaterVersionIsStillReadTest {

    private static final String ID = UUID.randomUUID().toString();
    private static final String HEAD = "2026-12-07T10:00:00.000Z " + ID + " sha256=ab bytes=10 outcome=HTTP_503 attempt=2";

    @Test
    void fieldsALaterVersionAddedArePassedOver() {
        Entry entry = LedgerReader.parse(HEAD + " via=proxy-1 tls=TLSv1.3 destination=customer").orElseThrow();
        assertThat(entry.reportId()).isEqualTo(ID);
        assertThat(entry.outcome()).isEqualTo("HTTP_503");
        assertThat(entry.attempt()).isEqualTo(2);
        assertThat(entry.destination()).isEqualTo("customer");
        assertThat(entry.partial()).isEqualTo(PartialReport.WHOLE);

        assertThat(LedgerReader.parse(HEAD + " via=proxy-1")).get().extracting(Entry::destination).isEqualTo("vendor");
        Entry partial = LedgerReader.parse(HEAD + " partial=1:database/connection via= destination=vendor")
                .orElseThrow();
        assertThat(partial.partial().count()).isEqualTo(1);
    }

    @Test
    void whatIsNotALaterFieldStillMakesTheLineForeign() {
        for (String tail : new String[] {
                " torn", // the mark of a torn line: a field of no name
                " =x destination=vendor",
                " Via=proxy destination=vendor",
                " via destination=vendor",
                " destination=vendor via=proxy", // the destination is the last field
                " bytes=99 destination=vendor", // a known field out of its place
                " via=proxy partial=1:database/connection destination=vendor",
                " destination=customer destination=vendor",
                "  destination=vendor",
                " " + "v".repeat(33) + "=1 destination=vendor",
                " via=" + "x".repeat(257) + " destination=vendor"}) {
            assertThat(LedgerReader.parse(HEAD + tail)).as(tail).isEqualTo(Optional.empty());
        }
    }
}
