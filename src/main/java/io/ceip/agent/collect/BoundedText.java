package io.ceip.agent.collect;

import java.io.IOException;
import java.io.Reader;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a column of a result set no further than a given number of characters, through its character stream (a
 * driver that streams the value is not asked for the rest; one that already holds it is spared the copy into one
 * huge string). A column a driver cannot give as a stream (MariaDB Connector/J: a number) is read with
 * {@link ResultSet#getString}: its text is short. The column's type is not asked for (H2 runs a statement for the
 * metadata).
 */
final class BoundedText {

    private BoundedText() {
    }

    /** At most {@code maxChars} characters of column {@code column} of the current row; null for SQL NULL. */
    static String read(ResultSet rows, int column, int maxChars) throws SQLException {
        Reader stream;
        try {
            stream = rows.getCharacterStream(column);
        } catch (SQLException notAStream) {
            return rows.getString(column);
        }
        try (Reader reader = stream) {
            if (reader == null) {
                return null;
            }
            char[] buffer = new char[maxChars];
            int length = 0;
            for (int n; length < maxChars && (n = reader.read(buffer, length, maxChars - length)) > 0;) {
                length += n;
            }
            return new String(buffer, 0, length);
        } catch (IOException e) {
            throw new SQLException("the value could not be read", e);
        }
    }
}
