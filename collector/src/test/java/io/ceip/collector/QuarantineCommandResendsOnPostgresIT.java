package io.ceip.collector;

import io.ceip.collector.support.Postgres;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * {@link QuarantineResendScenario} on a real PostgreSQL: the poison fails again with PostgreSQL's own {@code 54001}
 * from a trigger on the dedupe table until the trigger is dropped; and
 * {@link QuarantineResendOfARecordOlderThanTheRetentionTest}'s record older than the retention (its month a partition).
 */
class QuarantineCommandResendsOnPostgresIT {

    @Test
    void theListShowsNoContentAndAResendRemovesOnlyWhatIsStored() throws Exception {
        try (Postgres postgres = Postgres.start()) {
            String url = postgres.database("ceip_resend");
            String poison = UUID.randomUUID().toString();
            QuarantineResendScenario.run(url, url, "postgres", poison, () -> QuarantineResendScenario.sql(url,
                    "postgres", "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.report_id = '" + poison
                    + "' THEN RAISE EXCEPTION 'stack depth limit exceeded' USING ERRCODE = '54001'; END IF;"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql",
                    "CREATE TRIGGER poison BEFORE INSERT ON ceip_report_id FOR EACH ROW EXECUTE FUNCTION poison()"),
                    () -> QuarantineResendScenario.sql(url, "postgres", "DROP TRIGGER poison ON ceip_report_id"),
                    "org.postgresql.util.PSQLException (SQL state 54001)");
        }
    }

    @Test
    void aRecordOlderThanTheRetentionIsKeptAndTheAnswerSaysWhy() throws Exception {
        try (Postgres postgres = Postgres.start()) {
            QuarantineResendOfARecordOlderThanTheRetentionTest.scenario(postgres.database("ceip_resend_old"),
                    "postgres");
        }
    }
}
