// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Registrar} from "./Registrar.sol";
import {Summary} from "./Summary.sol";

/// @title MedRec Patient-Provider Relationships (PPR)
/// @notice For every (patient, provider) relationship: the data pointers the provider published (pointer id, query
/// commitment, data hash, version) and the viewers the patient granted per pointer, with expiry and purposes of use.
/// One deployment serves all relationships.
/// @dev Storage keeps one slot per pointer (version + a 192-bit digest of commitment and data hash) and one per grant
/// (its expiry and purpose set, packed): what the access rules need. The full commitment and data hash travel in the events, which is where
/// the mirror reads them; the digest lets anyone check a mirrored pointer against storage.
contract PatientProviderRelationships {
    struct PointerInput {
        bytes32 pointerId;
        bytes32 queryCommitment;
        bytes32 dataHash;
    }

    struct PointerState {
        uint64 version;
        bytes24 contentDigest;
    }

    /// @dev One slot: expiry (0 = no grant) and the purposes it covers, bit `1 << purpose` (docs/adr/0012).
    struct GrantState {
        uint64 expiresAt;
        uint8 purposes;
    }

    /// @dev treatment, payment, operations, research, emergency, patient-request.
    uint8 private constant ALL_PURPOSES = 0x3F;

    Registrar public immutable registrar;
    Summary public immutable summary;

    mapping(bytes32 pointerKey => PointerState) private _pointers;
    mapping(bytes32 grantKey => GrantState) private _grants;

    event PointerPublished(
        address indexed patient,
        address indexed provider,
        bytes32 indexed pointerId,
        bytes32 queryCommitment,
        bytes32 dataHash,
        uint64 version
    );
    event AccessGranted(
        address indexed patient,
        address indexed provider,
        address indexed viewer,
        bytes32 pointerId,
        uint64 expiresAt,
        uint8 purposes
    );
    event AccessRevoked(address indexed patient, address indexed provider, address indexed viewer, bytes32 pointerId);

    error ZeroAddress();
    error NotActiveProvider(address account);
    error UnknownPatient(address patient);
    error UnknownViewer(address viewer);
    error EmptyBatch();
    error EmptyValue();
    error PointerNotFound(address patient, address provider, bytes32 pointerId);
    error ExpiryInPast(uint64 expiresAt);
    error ViewerIsPatient();
    error GrantNotFound(address viewer, bytes32 pointerId);
    error GrantExpired(address viewer, bytes32 pointerId, uint64 expiredAt);
    error InvalidPurposes(uint8 purposes);
    error PurposeNotGranted(address viewer, bytes32 pointerId, uint8 purpose);

    constructor(Registrar registrar_, Summary summary_) {
        if (address(registrar_) == address(0) || address(summary_) == address(0)) revert ZeroAddress();
        registrar = registrar_;
        summary = summary_;
    }

    /// @notice The provider publishes (or, for a known pointer id, updates) one pointer to the patient's data.
    function publishPointer(address patient, bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) external {
        _beginPublish(patient);
        _publish(patient, pointerId, queryCommitment, dataHash);
    }

    /// @notice The provider publishes many pointers to one patient's data in a single transaction.
    function publishPointers(address patient, PointerInput[] calldata pointers) external {
        uint256 count = pointers.length;
        if (count == 0) revert EmptyBatch();
        _beginPublish(patient);
        for (uint256 i = 0; i < count; ++i) {
            PointerInput calldata p = pointers[i];
            _publish(patient, p.pointerId, p.queryCommitment, p.dataHash);
        }
    }

    /// @notice The patient grants `viewer` access to one pointer until `expiresAt` (unix seconds) for the purposes
    /// of use in `purposes` (bit `1 << purpose`, at least one, none above 0x3F); granting again replaces both.
    function grantAccess(address provider, bytes32 pointerId, address viewer, uint64 expiresAt, uint8 purposes)
        external
    {
        if (purposes == 0 || purposes & ~ALL_PURPOSES != 0) revert InvalidPurposes(purposes);
        bytes32 key = pointerKey(msg.sender, provider, pointerId);
        if (_pointers[key].version == 0) revert PointerNotFound(msg.sender, provider, pointerId);
        if (expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
        if (viewer == msg.sender) revert ViewerIsPatient();
        if (!registrar.isRegistered(viewer)) revert UnknownViewer(viewer);
        _grants[_grantKey(key, viewer)] = GrantState(expiresAt, purposes);
        emit AccessGranted(msg.sender, provider, viewer, pointerId, expiresAt, purposes);
    }

    /// @notice The patient revokes `viewer`'s access to one pointer at once.
    function revokeAccess(address provider, bytes32 pointerId, address viewer) external {
        bytes32 grantKey = _grantKey(pointerKey(msg.sender, provider, pointerId), viewer);
        if (_grants[grantKey].expiresAt == 0) revert GrantNotFound(viewer, pointerId);
        delete _grants[grantKey];
        emit AccessRevoked(msg.sender, provider, viewer, pointerId);
    }

    function pointerOf(address patient, address provider, bytes32 pointerId)
        external
        view
        returns (uint64 version, bytes24 contentDigest)
    {
        PointerState storage state = _pointers[pointerKey(patient, provider, pointerId)];
        return (state.version, state.contentDigest);
    }

    /// @notice The grant of `viewer` on one pointer: its expiry and purposes (both 0 when there is none).
    function grantOf(address patient, address provider, bytes32 pointerId, address viewer)
        external
        view
        returns (uint64 expiresAt, uint8 purposes)
    {
        GrantState storage grant = _grants[_grantKey(pointerKey(patient, provider, pointerId), viewer)];
        return (grant.expiresAt, grant.purposes);
    }

    /// @notice Reverts with GrantNotFound, GrantExpired or PurposeNotGranted unless `viewer` may read the pointer now
    /// for `purpose` (0 treatment .. 5 patient-request; any other purpose is not granted).
    function requireAccess(address patient, address provider, bytes32 pointerId, address viewer, uint8 purpose)
        external
        view
    {
        GrantState memory grant = _grants[_grantKey(pointerKey(patient, provider, pointerId), viewer)];
        if (grant.expiresAt == 0) revert GrantNotFound(viewer, pointerId);
        if (grant.expiresAt <= block.timestamp) revert GrantExpired(viewer, pointerId, grant.expiresAt);
        if (purpose > 5 || grant.purposes & (uint8(1) << purpose) == 0) {
            revert PurposeNotGranted(viewer, pointerId, purpose);
        }
    }

    function pointerKey(address patient, address provider, bytes32 pointerId) public pure returns (bytes32) {
        return keccak256(abi.encode(patient, provider, pointerId));
    }

    function contentDigestOf(bytes32 queryCommitment, bytes32 dataHash) public pure returns (bytes24) {
        return bytes24(keccak256(abi.encode(queryCommitment, dataHash)));
    }

    function _beginPublish(address patient) private {
        if (!registrar.isActiveProvider(msg.sender)) revert NotActiveProvider(msg.sender);
        bool opened = summary.notePointerPublished(patient, msg.sender);
        // Only the opening pointer pays for the patient check; an open relationship implies a registered patient.
        if (opened && !registrar.isPatient(patient)) revert UnknownPatient(patient);
    }

    function _publish(address patient, bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) private {
        if (pointerId == bytes32(0) || queryCommitment == bytes32(0) || dataHash == bytes32(0)) revert EmptyValue();
        bytes32 key = pointerKey(patient, msg.sender, pointerId);
        uint64 version = _pointers[key].version + 1;
        _pointers[key] = PointerState(version, contentDigestOf(queryCommitment, dataHash));
        emit PointerPublished(patient, msg.sender, pointerId, queryCommitment, dataHash, version);
    }

    function _grantKey(bytes32 key, address viewer) private pure returns (bytes32) {
        return keccak256(abi.encode(key, viewer));
    }
}
