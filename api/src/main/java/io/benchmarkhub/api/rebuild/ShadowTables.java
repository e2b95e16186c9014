package io.benchmarkhub.api.rebuild;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of a rebuild (ADR 0012): empty copies of a projection's tables in a schema of their own, their checksums,
 * and the swap that moves them into {@code public}. Every statement runs in the caller's transaction, if any.
 */
final class ShadowTables {

    /** One table's content in a form two copies can be compared by: its row count and an order-independent sum. */
    record Checksum(String table, long rows, String checksum) {}

    private final JdbcTemplate jdbc;
    /** The schema the copies are built in, e.g. {@code rebuild_benchmark_detail}; one per projection. */
    final String schema;

    final List<String> tables;

    ShadowTables(JdbcTemplate jdbc, String projection, List<String> tables) {
        this.jdbc = jdbc;
        this.schema = "rebuild_" + projection.replace('-', '_');
        this.tables = List.copyOf(tables);
    }

    /**
     * Empty copies of the live tables: columns, defaults, generated columns, checks, primary keys and unique
     * constraints (the handlers' upserts need them), under the live names. Other indexes come later
     * ({@link #createIndexes()}): a bulk load is faster without them. The copies are unlogged until
     * {@link #makeDurable()}: they need no crash safety while being built (a crash ends the rebuild anyway), and their
     * many updates then write no WAL. A leftover of a failed rebuild is dropped first.
     */
    void create() {
        drop();
        jdbc.execute("CREATE SCHEMA " + schema);
        for (String table : tables) {
            refuseSequences(table);
            jdbc.execute("CREATE UNLOGGED TABLE %s.%s (LIKE public.%s INCLUDING ALL EXCLUDING INDEXES)"
                    .formatted(schema, table, table));
            List<Map<String, Object>> constraints = jdbc.queryForList("""
                    SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
                     WHERE conrelid = CAST(? AS regclass) AND contype IN ('p', 'u', 'x') ORDER BY conname""", "public." + table);
            for (Map<String, Object> c : constraints) {
                jdbc.execute("ALTER TABLE %s.%s ADD CONSTRAINT %s %s"
                        .formatted(schema, table, c.get("conname"), c.get("definition")));
            }
        }
    }

    /** The live tables' other indexes, under the same names, on the copies. */
    void createIndexes() {
        for (String table : tables) {
            List<String> definitions = jdbc.queryForList("""
                    SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                     WHERE i.indrelid = CAST(? AS regclass)
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
                     ORDER BY i.indexrelid""", String.class, "public." + table);
            for (String definition : definitions) {
                // "CREATE INDEX name ON public.table USING ..." → the same index on the copy
                String onCopy = definition.replaceFirst(
                        " ON (ONLY )?\\S+ USING ", Matcher.quoteReplacement(" ON " + schema + "." + table + " USING "));
                jdbc.execute(onCopy);
            }
        }
    }

    /** Writes the copies (and their indexes) to the WAL once, as they are, so they survive a crash after the swap. */
    void makeDurable() {
        for (String table : tables) jdbc.execute("ALTER TABLE %s.%s SET LOGGED".formatted(schema, table));
    }

    /**
     * Puts the copies in place of the live tables: the live ones move to a schema of their own, which is dropped, and
     * the copies move to {@code public}, all in the caller's transaction. Readers see the old tables or the new ones.
     */
    void swap() {
        String retired = schema + "_retired";
        jdbc.execute("DROP SCHEMA IF EXISTS " + retired + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + retired);
        for (String table : tables) {
            jdbc.execute("ALTER TABLE public.%s SET SCHEMA %s".formatted(table, retired));
            jdbc.execute("ALTER TABLE %s.%s SET SCHEMA public".formatted(schema, table));
        }
        jdbc.execute("DROP SCHEMA " + retired + " CASCADE");
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    }

    void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    List<Checksum> liveChecksums() {
        return checksums(jdbc, "public", tables);
    }

    List<Checksum> shadowChecksums() {
        return checksums(jdbc, schema, tables);
    }

    /**
     * Per table: the row count and the sum of the first 64 bits of each row's md5 (the row as text, all columns), so
     * the order rows were written or are stored in does not matter.
     */
    static List<Checksum> checksums(JdbcTemplate jdbc, String schema, List<String> tables) {
        var result = new ArrayList<Checksum>();
        for (String table : tables) {
            result.add(jdbc.queryForObject(
                    """
                    SELECT count(*), coalesce(sum(CAST(CAST(('x' || substr(md5(CAST(checked AS text)), 1, 16)) AS bit(64)) AS bigint)), 0)
                      FROM %s.%s AS checked""".formatted(schema, table),
                    (rs, i) -> new Checksum(
                            table, rs.getLong(1), rs.getBigDecimal(2).toPlainString())));
        }
        return result;
    }

    /**
     * A sequence would stay with the table that owns it and be dropped with the old table, or restart in the copy: a
     * read model that needs one cannot be swapped like this.
     */
    private void refuseSequences(String table) {
        Integer exists = jdbc.queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ?",
                Integer.class,
                table);
        if (exists == null || exists == 0) throw new IllegalStateException("no table public." + table + " to rebuild");
        Integer sequences = jdbc.queryForObject("""
                SELECT count(*) FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = ? AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')""", Integer.class, table);
        if (sequences != null && sequences > 0) {
            throw new IllegalStateException(
                    "table " + table + " has a sequence or identity column; it cannot be rebuilt by a swap (ADR 0012)");
        }
    }
}
