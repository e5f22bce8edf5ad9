package io.ceip.agent;

import io.ceip.agent.support.PostgresEngine;
import io.ceip.agent.support.ProductEngine;

import java.util.List;

/**
 * The attacks on PostgreSQL (see {@link CollectionCannotChangeTheDatabaseTestSupport}). The read-only transaction
 * stops every write of one statement, and of stacked statements too while the session stays read-only; only
 * stacked statements that end the transaction (COMMIT) and then make the next one read-write get past it — there
 * the account that can only read is the boundary. Server files need rights the agent's accounts do not have.
 */
class CollectionCannotChangeTheDatabaseOnPostgresTest extends CollectionCannotChangeTheDatabaseTestSupport {

    private static final String RO = "read-only transaction";

    @Override
    protected ProductEngine seed() {
        return PostgresEngine.seeded();
    }

    @Override
    protected boolean cycleAsWriter() {
        return true;
    }

    @Override
    protected List<String> productObjects() {
        return List.of("CREATE FUNCTION wipe() RETURNS int LANGUAGE sql AS 'DELETE FROM host WHERE id = 7 RETURNING 1'");
    }

    @Override
    protected List<Attack> attacks() {
        return List.of(
                Attack.of("writable-cte", "WITH d AS (DELETE FROM host WHERE id = 1 RETURNING 1) SELECT count(*) FROM d",
                        RO, RO),
                Attack.of("nested-writable-cte", "SELECT n FROM (WITH d AS (DELETE FROM host WHERE id = 1 RETURNING 1)"
                        + " SELECT count(*) AS n FROM d) AS s", "engine", "engine"),
                Attack.of("stacked", "SELECT count(*) FROM host; DELETE FROM host WHERE id = 2", RO, RO),
                Attack.of("stacked-commit", "SELECT 1; COMMIT; DELETE FROM host WHERE id = 3", RO, RO),
                Attack.of("stacked-commit-read-write",
                        "SELECT 1; COMMIT; SET TRANSACTION READ WRITE; DELETE FROM host WHERE id = 4; COMMIT",
                        "WROTE", "rights"),
                Attack.of("stacked-commit-session-read-write", "SELECT 1; COMMIT; SET default_transaction_read_only = off;"
                        + " COMMIT; DELETE FROM host WHERE id = 5; COMMIT", "WROTE", "rights"),
                Attack.of("comment-hidden", "SELECT count(*) FROM host -- '\n; DELETE FROM host WHERE id = 6; -- '", RO, RO),
                Attack.of("do-block", "SELECT 1; DO $$ BEGIN DELETE FROM host WHERE id = 6; END $$", RO, RO),
                Attack.of("create-table", "SELECT 1; CREATE TABLE evil (id int)", RO, RO),
                Attack.of("product-function", "SELECT wipe()", RO, RO),
                Attack.of("sequence", "SELECT nextval('ticket_seq')", RO, "rights"),
                Attack.of("read-file", "SELECT length(pg_read_file('/etc/hostname'))", "rights", "rights"),
                Attack.of("large-object-export", "SELECT lo_export(lo_from_bytea(0, 'owned'), '{dir}/lo')", "rights",
                        "rights"),
                Attack.of("large-object-import", "SELECT lo_import('/etc/hostname')", "rights", "rights"),
                Attack.of("copy-to-file", "SELECT 1; COPY (SELECT 1) TO '{dir}/copy'", "rights", "rights"),
                Attack.of("copy-via-function", "SELECT query_to_xml('COPY host TO ''{dir}/copy2''', true, false, '')",
                        "engine", "engine"),
                Attack.of("delete-via-function",
                        "SELECT query_to_xml('DELETE FROM host WHERE id = 6 RETURNING id', true, false, '')",
                        "engine", "engine"),
                Attack.of("for-update", "SELECT id FROM host FOR UPDATE", RO, RO),
                // a session lock is allowed to any account: it leaves with the collection's connection (state checks it)
                Attack.of("advisory-lock", "SELECT pg_advisory_lock(1)", "ran", "ran"));
    }
}
