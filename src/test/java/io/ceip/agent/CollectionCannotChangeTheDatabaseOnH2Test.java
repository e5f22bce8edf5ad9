package io.ceip.agent;

import io.ceip.agent.support.H2Engine;
import io.ceip.agent.support.ProductEngine;

import java.util.List;

/**
 * The attacks on H2 (see {@link CollectionCannotChangeTheDatabaseTestSupport}). H2 has no read-only transactions:
 * the account that can only read is the boundary. As an administrator, the guard's rollback undoes what stays in
 * the transaction, but a COMMIT or SET AUTOCOMMIT in the query text, DDL and the file functions get through. H2
 * checks no right on sequences: even the reader advances one (the demo database has none).
 */
class CollectionCannotChangeTheDatabaseOnH2Test extends CollectionCannotChangeTheDatabaseTestSupport {

    @Override
    protected ProductEngine seed() {
        return H2Engine.seeded();
    }

    @Override
    protected boolean cycleAsWriter() {
        return false;
    }

    @Override
    protected List<Attack> attacks() {
        return List.of(
                Attack.of("data-change-insert", "SELECT COUNT(*) FROM FINAL TABLE (INSERT INTO host VALUES (900, 'x', 'y'))",
                        "ran", "rights"),
                Attack.of("data-change-delete", "SELECT COUNT(*) FROM OLD TABLE (DELETE FROM host WHERE id = 1)",
                        "ran", "rights"),
                Attack.of("stacked", "SELECT COUNT(*) FROM host; DELETE FROM host WHERE id = 2", "ran", "rights"),
                Attack.of("stacked-commit", "SELECT COUNT(*) FROM host; DELETE FROM host WHERE id = 3; COMMIT",
                        "WROTE", "rights"),
                Attack.of("comment-hidden", "SELECT COUNT(*) FROM host -- '\n; DELETE FROM host WHERE id = 4; COMMIT; -- '",
                        "WROTE", "rights"),
                Attack.of("autocommit-on", "SELECT COUNT(*) FROM host; SET AUTOCOMMIT TRUE; DELETE FROM host WHERE id = 5",
                        "WROTE", "rights"),
                Attack.of("create-table", "SELECT COUNT(*) FROM host; CREATE TABLE evil (id INT)", "WROTE", "rights"),
                Attack.of("file-write", "SELECT FILE_WRITE('owned', '{dir}/file-write')", "WROTE", "rights"),
                Attack.of("csv-write", "SELECT CSVWRITE('{dir}/csv-write', 'SELECT * FROM host')", "WROTE", "rights"),
                Attack.of("script-to", "SELECT COUNT(*) FROM host; SCRIPT TO '{dir}/script'", "WROTE", "rights"),
                Attack.of("file-read", "SELECT LENGTH(FILE_READ('/etc/hostname'))", "ran", "rights"),
                Attack.of("csv-read", "SELECT COUNT(*) FROM CSVREAD('/etc/passwd')", "ran", "rights"),
                Attack.of("for-update", "SELECT id FROM host FOR UPDATE", "ran", "ran"),
                // returns a number, so a cycle would count it rather than fail it; and it does advance the sequence
                new Attack("sequence", "SELECT NEXT VALUE FOR ticket_seq", "WROTE", "WROTE", false));
    }
}
