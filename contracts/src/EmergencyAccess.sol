// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Registrar} from "./Registrar.sol";

/// @title MedRec Emergency Access (break-the-glass)
/// @notice An active provider without a grant opens time-limited emergency access to a registered patient's records,
/// committing to a justification: keccak256(salt ‖ justification text). The text and its salt stay in the provider's
/// own records; the commitment binds the provider to them. The window lasts at most MAX_DURATION; the patient may
/// close it early. Gatekeepers decide on the mirror of the events (docs/adr/0011-break-the-glass.md).
/// @dev Addresses, a commitment and times only: no protected health information. Storage keeps each (patient,
/// provider) window's expiry so anyone can check a mirrored window (expiresAtOf); the events carry every value.
contract EmergencyAccess {
    /// @notice The longest window one opening may ask for.
    uint64 public constant MAX_DURATION = 24 hours;

    Registrar public immutable registrar;

    mapping(bytes32 key => uint64 expiresAt) private _expiresAt;

    event EmergencyAccessOpened(
        address indexed patient,
        address indexed provider,
        bytes32 justificationCommitment,
        uint64 openedAt,
        uint64 expiresAt
    );

    event EmergencyAccessClosed(address indexed patient, address indexed provider, uint64 closedAt);

    error ZeroAddress();
    error NotActiveProvider(address account);
    error UnknownPatient(address patient);
    error EmptyCommitment();
    error InvalidDuration(uint64 durationSeconds, uint64 maxDuration);
    error NoOpenEmergencyAccess(address patient, address provider);

    constructor(Registrar registrar_) {
        if (address(registrar_) == address(0)) revert ZeroAddress();
        registrar = registrar_;
    }

    /// @notice The calling provider opens emergency access to `patient` for `durationSeconds` (1..MAX_DURATION),
    /// replacing any window it already had open with this patient.
    function open(address patient, bytes32 justificationCommitment, uint64 durationSeconds) external returns (uint64 expiresAt) {
        (bool patientRegistered, bool providerActive) = registrar.relationshipStanding(patient, msg.sender);
        if (!providerActive) revert NotActiveProvider(msg.sender);
        if (!patientRegistered) revert UnknownPatient(patient);
        if (justificationCommitment == bytes32(0)) revert EmptyCommitment();
        if (durationSeconds == 0 || durationSeconds > MAX_DURATION) revert InvalidDuration(durationSeconds, MAX_DURATION);

        uint64 openedAt = uint64(block.timestamp);
        expiresAt = openedAt + durationSeconds;
        _expiresAt[_key(patient, msg.sender)] = expiresAt;
        emit EmergencyAccessOpened(patient, msg.sender, justificationCommitment, openedAt, expiresAt);
    }

    /// @notice The patient closes a provider's open emergency window before it expires.
    function close(address provider) external {
        bytes32 key = _key(msg.sender, provider);
        if (_expiresAt[key] <= block.timestamp) revert NoOpenEmergencyAccess(msg.sender, provider);
        _expiresAt[key] = 0;
        emit EmergencyAccessClosed(msg.sender, provider, uint64(block.timestamp));
    }

    /// @notice When the provider's window with the patient ends (0 when none was opened or it was closed; a past
    /// time when it expired).
    function expiresAtOf(address patient, address provider) external view returns (uint64) {
        return _expiresAt[_key(patient, provider)];
    }

    function _key(address patient, address provider) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, provider));
    }
}
