-- MedRec.Orleans PostgreSQL schema, version 2: cluster membership (Microsoft.Orleans.Clustering.AdoNet 10.4).
--
-- Orleans' membership protocol keeps one row per silo incarnation (address, port, generation) and one version row per
-- cluster (DeploymentId = ClusterId). Every membership write must bump that version and succeed only if the version
-- the silo read is still current: the version row is the optimistic lock of the whole cluster's membership.
-- A write that loses the race returns 0 and Orleans re-reads and retries; a write never leaves half of its effect.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Version      integer      NOT NULL DEFAULT 0,
    UpdatedAt    timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL,
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    -- Deleting a cluster's version row deletes its members with it (DeleteMembershipTableEntriesKey).
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

-- Adds a silo's row and bumps the cluster version, both or neither.
CREATE OR REPLACE FUNCTION medrec_insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text,
    p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Checked before the version bump so that a refusal has nothing to undo. Safe without a lock: every insert bumps
    -- the version, so a row added after this check makes the bump below find a newer version and refuse.
    PERFORM 1 FROM OrleansMembershipTable
    WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF FOUND THEN
        RETURN 0;
    END IF;

    -- The row lock on the version row serializes every membership writer of this cluster.
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, UpdatedAt = now()
    WHERE DeploymentId = p_deployment_id AND Version = p_version;
    IF NOT FOUND THEN
        RETURN 0; -- another silo changed the table since this one read it
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         p_start_time, p_i_am_alive_time);
    RETURN 1;
END
$fn$;

-- Changes a silo's status, suspicions and heartbeat and bumps the cluster version, both or neither.
CREATE OR REPLACE FUNCTION medrec_update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Lock the member first: once it is held the row cannot vanish between the version bump and the update.
    PERFORM 1 FROM OrleansMembershipTable
    WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port AND Generation = p_generation
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, UpdatedAt = now()
    WHERE DeploymentId = p_deployment_id AND Version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive_time
    WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port AND Generation = p_generation;
    RETURN 1;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the cluster's version row if missing; 1 if created, 0 if it was there.
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM created;
$q$),

('InsertMembershipKey', $q$
    SELECT medrec_insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),

('UpdateMembershipKey', $q$
    SELECT medrec_update_membership(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),

-- The heartbeat: deliberately not versioned, so it never contends with membership changes.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

-- One silo's row with the cluster version. The version row drives the join so that the version comes back even when
-- the silo has no row yet (Orleans then sees a version and no member).
('MembershipReadRowKey', $q$
    SELECT
        v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
        m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT
        v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
        m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$q$),

-- The gateways clients may connect to: active silos (@Status is SiloStatus.Active = 3) with a gateway port.
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),

-- Removes a whole cluster (its members go with the version row, ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Required by Orleans 10.4 but not used while CleanupDefunctSiloEntryKey below exists: removes every non-active
-- row whose last heartbeat is older than @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
$q$),

-- Optional since Orleans 10.4, used when present: Orleans picks the dead rows (SiloStatus.Dead = 6) older than the
-- cutoff from its own read and deletes each one only if the row still holds exactly what it read, so a row that
-- changed in between (a late suspicion, a heartbeat) survives until the next pass.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
        AND Status = 6
        AND StartTime = @StartTime
        AND IAmAliveTime = @IAmAliveTime
        AND coalesce(SuspectTimes, '') = coalesce(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO NOTHING;

INSERT INTO schema_version (version, description)
VALUES (2, 'clustering: OrleansMembershipVersionTable, OrleansMembershipTable and their queries')
ON CONFLICT (version) DO NOTHING;
