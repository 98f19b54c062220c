// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Baseline: the original MedRec design, one Patient-Provider Relationship contract per relationship.
/// @notice Benchmark only (bench/). It holds the same information as PatientProviderRelationships for one
/// (patient, provider) pair: pointers (pointer id, query commitment, data hash, version) and viewer grants (viewer,
/// pointer, expiry), with the same access rules. Deploying it opens the relationship with its first pointer.
/// @dev Written the way a straightforward per-relationship contract would be: patient and provider immutable, each
/// pointer's values kept in storage (the original design's "query string" lived in the contract), one slot per
/// grant. It checks nothing against a Registrar or a Summary: being self-contained is the design's point.
contract PerRelationshipPpr {
    struct Pointer {
        bytes32 queryCommitment;
        bytes32 dataHash;
        uint64 version;
    }

    address public immutable patient;
    address public immutable provider;

    mapping(bytes32 pointerId => Pointer) public pointers;
    mapping(bytes32 pointerId => mapping(address viewer => uint64 expiresAt)) public grants;

    /// @dev Lets an indexer discover the relationship contracts (there is no factory or registry to watch).
    event RelationshipOpened(address indexed patient, address indexed provider);
    event PointerAdded(bytes32 indexed pointerId, bytes32 queryCommitment, bytes32 dataHash, uint64 version);
    event AccessGranted(address indexed viewer, bytes32 indexed pointerId, uint64 expiresAt);
    event AccessRevoked(address indexed viewer, bytes32 indexed pointerId);

    error ZeroAddress();
    error EmptyValue();
    error NotProvider(address caller);
    error NotPatient(address caller);
    error PointerNotFound(bytes32 pointerId);
    error ExpiryInPast(uint64 expiresAt);
    error ViewerIsPatient();
    error GrantNotFound(address viewer, bytes32 pointerId);

    constructor(address patient_, address provider_, bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) {
        if (patient_ == address(0) || provider_ == address(0)) revert ZeroAddress();
        patient = patient_;
        provider = provider_;
        emit RelationshipOpened(patient_, provider_);
        _addPointer(pointerId, queryCommitment, dataHash);
    }

    /// @notice The provider adds a pointer, or a new version of a known pointer id.
    function addPointer(bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) external {
        if (msg.sender != provider) revert NotProvider(msg.sender);
        _addPointer(pointerId, queryCommitment, dataHash);
    }

    /// @notice The patient grants `viewer` access to one pointer until `expiresAt` (unix seconds).
    function grant(bytes32 pointerId, address viewer, uint64 expiresAt) external {
        if (msg.sender != patient) revert NotPatient(msg.sender);
        if (pointers[pointerId].version == 0) revert PointerNotFound(pointerId);
        if (expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
        if (viewer == address(0)) revert ZeroAddress();
        if (viewer == msg.sender) revert ViewerIsPatient();
        grants[pointerId][viewer] = expiresAt;
        emit AccessGranted(viewer, pointerId, expiresAt);
    }

    /// @notice The patient revokes `viewer`'s access to one pointer.
    function revoke(bytes32 pointerId, address viewer) external {
        if (msg.sender != patient) revert NotPatient(msg.sender);
        if (grants[pointerId][viewer] == 0) revert GrantNotFound(viewer, pointerId);
        delete grants[pointerId][viewer];
        emit AccessRevoked(viewer, pointerId);
    }

    function _addPointer(bytes32 pointerId, bytes32 queryCommitment, bytes32 dataHash) private {
        if (pointerId == bytes32(0) || queryCommitment == bytes32(0) || dataHash == bytes32(0)) revert EmptyValue();
        Pointer storage pointer = pointers[pointerId];
        uint64 version = pointer.version + 1;
        pointer.queryCommitment = queryCommitment;
        pointer.dataHash = dataHash;
        pointer.version = version;
        emit PointerAdded(pointerId, queryCommitment, dataHash, version);
    }
}
