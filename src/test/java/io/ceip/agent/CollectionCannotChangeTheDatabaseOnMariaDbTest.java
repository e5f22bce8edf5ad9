package io.ceip.agent;

import io.ceip.agent.support.MariaDbEngine;
import io.ceip.agent.support.ProductEngine;

import java.util.List;

/**
 * The attacks on MariaDB (see {@link CollectionCannotChangeTheDatabaseTestSupport}). The driver sends no second
 * statement (allowMultiQueries is off), the read-only session stops writes (sequences, a product function that
 * writes, FOR UPDATE), and files need the FILE privilege, which neither account has. A shared row lock or a user
 * lock is allowed to any account that can read: it leaves with the collection (rolled back, connection closed).
 */
class CollectionCannotChangeTheDatabaseOnMariaDbTest extends CollectionCannotChangeTheDatabaseTestSupport {

    private static final String RO = "read-only transaction";

    @Override
    protected ProductEngine seed() {
        return MariaDbEngine.seeded();
    }

    @Override
    protected boolean cycleAsWriter() {
        return true;
    }

    @Override
    protected List<String> productObjects() {
        return List.of("CREATE FUNCTION wipe() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM host WHERE id = 7;"
                + " RETURN 1; END");
    }

    @Override
    protected List<Attack> attacks() {
        return List.of(
                Attack.of("stacked", "SELECT COUNT(*) FROM host; DELETE FROM host WHERE id = 1", "syntax", "syntax"),
                Attack.of("comment-hidden", "SELECT COUNT(*) FROM host -- '\n; DELETE FROM host WHERE id = 2; -- '",
                        "syntax", "syntax"),
                Attack.of("executable-comment", "SELECT COUNT(*) FROM host /*! ; DELETE FROM host WHERE id = 3 */",
                        "syntax", "syntax"),
                Attack.of("product-function", "SELECT wipe()", RO, RO),
                Attack.of("sequence", "SELECT NEXTVAL(ticket_seq)", RO, "rights"),
                Attack.of("into-outfile", "SELECT COUNT(*) FROM host INTO OUTFILE '{dir}/outfile'", "rights", "rights"),
                Attack.of("into-dumpfile", "SELECT COUNT(*) FROM host INTO DUMPFILE '{dir}/dumpfile'", "rights", "rights"),
                Attack.of("load-file", "SELECT LOAD_FILE('/etc/hostname')", "ran", "ran"),
                Attack.of("for-update", "SELECT id FROM host FOR UPDATE", RO, RO),
                Attack.of("lock-in-share-mode", "SELECT id FROM host LOCK IN SHARE MODE", "ran", "ran"),
                // returns 1, so a cycle would count it rather than fail it; the lock is gone once the collection ends
                new Attack("user-lock", "SELECT GET_LOCK('ceip', 0)", "ran", "ran", false));
    }
}
