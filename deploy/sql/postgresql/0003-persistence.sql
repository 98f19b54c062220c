-- MedRec.Orleans PostgreSQL schema, version 3: grain state (Microsoft.Orleans.Persistence.AdoNet 10.4).
--
-- One row per (service, grain type, grain id). Orleans hashes the grain id and type to two integers for the index and
-- passes the full values too; a row matches only on all of them. Version is the ETag: every write names the version
-- it read and gets the next one back; when nothing was written the query hands back the version it was given (or
-- nothing), which Orleans reports as an InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL,

    -- One row per grain even when two activations race to create it (a split cluster): the loser's INSERT finds the
    -- row and writes nothing. NULLS NOT DISTINCT: a grain without a key extension is still one grain.
    CONSTRAINT UQ_OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
        (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, ServiceId, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Result columns: PayloadBinary (NULL after a clear: the grain starts from a fresh state) and Version.
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- @GrainStateVersion NULL: the grain never read a row, so create it at version 1 unless one exists.
-- Otherwise: update the row only if it is still at @GrainStateVersion. Returns NewGrainStateVersion.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion IS NOT NULL
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
            AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
            AND Version = @GrainStateVersion
        RETURNING Version
    ), inserted AS (
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
               @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT ON CONSTRAINT UQ_OrleansStorage_Grain DO NOTHING
        RETURNING Version
    )
    SELECT coalesce((SELECT Version FROM updated), (SELECT Version FROM inserted), @GrainStateVersion)
        AS NewGrainStateVersion;
$q$),

-- ClearStateAsync with DeleteStateOnClear = false (the default): keep the row, drop the payload, bump the version.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$),

-- ClearStateAsync with DeleteStateOnClear = true: remove the row. The returned value only has to differ from
-- @GrainStateVersion for Orleans to count the delete as done.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO NOTHING;

INSERT INTO schema_version (version, description)
VALUES (3, 'persistence: OrleansStorage and its queries')
ON CONFLICT (version) DO NOTHING;
