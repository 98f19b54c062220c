// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Registrar} from "./Registrar.sol";

/// @title MedRec Summary (SC)
/// @notice Per patient: every relationship with a provider and its status (the breadcrumb trail and the notification
/// channel), and the patient's research consent. One deployment serves all patients.
/// @dev The relationships contract reports each published pointer here; only the patient changes a status to
/// accepted or rejected. A relationship exists exactly when its status is not `None`.
contract Summary {
    enum Status {
        None,
        New,
        PendingUpdate,
        Accepted,
        Rejected
    }

    Registrar public immutable registrar;
    address public immutable deployer;
    address public relationships;

    mapping(address patient => mapping(address provider => Status)) private _status;
    mapping(address patient => bool) private _researchConsent;

    event RelationshipsBound(address indexed relationships);
    event RelationshipStatusChanged(address indexed patient, address indexed provider, Status status);
    event ResearchConsentChanged(address indexed patient, bool consent);

    error NotDeployer(address caller);
    error AlreadyBound(address relationships);
    error ZeroAddress();
    error NotRelationshipsContract(address caller);
    error RelationshipNotFound(address patient, address provider);
    error StatusUnchanged(Status status);
    error NotPatient(address caller);

    constructor(Registrar registrar_) {
        if (address(registrar_) == address(0)) revert ZeroAddress();
        registrar = registrar_;
        deployer = msg.sender;
    }

    /// @notice Binds the one relationships contract allowed to report pointers; callable once, by the deployer.
    function bindRelationships(address relationships_) external {
        if (msg.sender != deployer) revert NotDeployer(msg.sender);
        if (relationships != address(0)) revert AlreadyBound(relationships);
        if (relationships_ == address(0)) revert ZeroAddress();
        relationships = relationships_;
        emit RelationshipsBound(relationships_);
    }

    /// @notice Called by the relationships contract for every published pointer: opens the relationship (New) or
    /// flags an accepted one as having a pending update.
    /// @return opened true when this pointer opened the relationship.
    function notePointerPublished(address patient, address provider) external returns (bool opened) {
        if (msg.sender != relationships) revert NotRelationshipsContract(msg.sender);
        Status current = _status[patient][provider];
        if (current == Status.None) {
            _setStatus(patient, provider, Status.New);
            return true;
        }
        if (current == Status.Accepted) {
            _setStatus(patient, provider, Status.PendingUpdate);
        }
        return false;
    }

    /// @notice The patient accepts the relationship with `provider` (including its latest update).
    function acceptRelationship(address provider) external {
        _decide(provider, Status.Accepted);
    }

    /// @notice The patient rejects the relationship with `provider`.
    function rejectRelationship(address provider) external {
        _decide(provider, Status.Rejected);
    }

    /// @notice The patient opts in to or out of anonymized research.
    function setResearchConsent(bool consent) external {
        if (!registrar.isPatient(msg.sender)) revert NotPatient(msg.sender);
        _researchConsent[msg.sender] = consent;
        emit ResearchConsentChanged(msg.sender, consent);
    }

    function statusOf(address patient, address provider) external view returns (Status) {
        return _status[patient][provider];
    }

    function researchConsentOf(address patient) external view returns (bool) {
        return _researchConsent[patient];
    }

    function _decide(address provider, Status decision) private {
        Status current = _status[msg.sender][provider];
        if (current == Status.None) revert RelationshipNotFound(msg.sender, provider);
        if (current == decision) revert StatusUnchanged(current);
        _setStatus(msg.sender, provider, decision);
    }

    function _setStatus(address patient, address provider, Status status) private {
        _status[patient][provider] = status;
        emit RelationshipStatusChanged(patient, provider, status);
    }
}
