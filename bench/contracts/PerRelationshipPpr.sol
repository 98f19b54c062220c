// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Baseline: the original MedRec design, one Patient-Provider Relationship contract per relationship.
/// @notice Benchmark only (bench/): the same information as PatientProviderRelationships (pointers with commitment,
/// data hash and version; grants with expiry), held in a contract the provider deploys for each patient.
contract PerRelationshipPpr {
    struct Pointer {
        bytes32 queryCommitment;
        bytes32 dataHash;
        uint64 version;
    }

    address public immutable patient;
    address public immutable provider;
    bytes32[] public pointerIds;
    mapping(bytes32 pointerId => Pointer) public pointers;
    mapping(bytes32 pointerId => mapping(address viewer => uint64 expiresAt)) public grants;

    event PointerPublished(bytes32 indexed pointerId, bytes32 queryCommitment, bytes32 dataHash, uint64 version);
    event AccessGranted(bytes32 indexed pointerId, address indexed viewer, uint64 expiresAt);
    event AccessRevoked(bytes32 indexed pointerId, address indexed viewer);

    error NotProvider();
    error NotPatient();
    error PointerNotFound();

    constructor(address patient_, bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) {
        patient = patient_;
        provider = msg.sender;
        _publish(pointerId, queryCommitment, dataHash);
    }

    function publishPointer(bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) external {
        if (msg.sender != provider) revert NotProvider();
        _publish(pointerId, queryCommitment, dataHash);
    }

    function grantAccess(bytes32 pointerId, address viewer, uint64 expiresAt) external {
        if (msg.sender != patient) revert NotPatient();
        if (pointers[pointerId].version == 0) revert PointerNotFound();
        grants[pointerId][viewer] = expiresAt;
        emit AccessGranted(pointerId, viewer, expiresAt);
    }

    function revokeAccess(bytes32 pointerId, address viewer) external {
        if (msg.sender != patient) revert NotPatient();
        delete grants[pointerId][viewer];
        emit AccessRevoked(pointerId, viewer);
    }

    function _publish(bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) private {
        Pointer storage pointer = pointers[pointerId];
        if (pointer.version == 0) pointerIds.push(pointerId);
        pointer.queryCommitment = queryCommitment;
        pointer.dataHash = dataHash;
        pointer.version += 1;
        emit PointerPublished(pointerId, queryCommitment, dataHash, pointer.version);
    }
}
