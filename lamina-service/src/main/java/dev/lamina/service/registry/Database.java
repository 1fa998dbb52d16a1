package dev.lamina.service.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded H2 database in one file. It keeps a single connection and hands it out under a lock: the registry's
 * traffic is tiny, and one writer makes every operation trivially serialisable.
 */
public final class Database implements AutoCloseable {

    /** Guards {@link #connection}: one transaction at a time. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;

    /** A unit of work on the connection, in a transaction that commits when it returns. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Database(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database whose files start with {@code basePath} ({@code registry.mv.db}). */
    public static Database open(Path basePath) {
        String url = "jdbc:h2:file:" + basePath.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        try {
            Connection c = DriverManager.getConnection(url, "lamina", "");
            c.setAutoCommit(false);
            return new Database(c);
        } catch (SQLException e) {
            throw new RegistryException("cannot open the registry database " + url, e);
        }
    }

    /** Runs {@code work} in one transaction; rolls back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback();
                if (e instanceof SQLException sql) {
                    throw new RegistryException("registry transaction failed", sql);
                }
                throw (RuntimeException) e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }

    @Override
    public void close() {
        lock.lock();
        try (Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new RegistryException("cannot shut the registry database down", e);
        } finally {
            lock.unlock();
        }
    }
}
