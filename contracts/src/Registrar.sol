// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MedRec Registrar (RC)
/// @notice Who is who: a salted identity commitment per address, a role, and a provider endpoint.
/// No protected health information is ever stored or emitted: identities are salted hashes computed off chain.
/// @dev A patient costs exactly one storage slot (their identity commitment). Roles other than patient live in a
/// second mapping written only by certifying authorities, so a patient's role is derived: a registered address with
/// no staff role is a patient.
contract Registrar {
    enum Role {
        None,
        Patient,
        Provider,
        Researcher,
        Certifier
    }

    struct Staff {
        Role role;
        bool revoked;
        address validator;
    }

    address public immutable rootCertifier;

    mapping(address account => bytes32 identity) private _identityOf;
    mapping(address account => Staff) private _staff;
    mapping(address provider => string endpoint) private _endpointOf;

    event CertifierAdded(address indexed certifier, bytes32 identityHash, address indexed addedBy);
    event PatientRegistered(address indexed patient, bytes32 identityHash);
    event ProviderRegistered(address indexed provider, bytes32 identityHash, string endpoint, address indexed certifier);
    event ProviderEndpointChanged(address indexed provider, string endpoint);
    event ProviderRevoked(address indexed provider, address indexed certifier);
    event ResearcherRegistered(
        address indexed researcher, bytes32 identityHash, address indexed validator, address indexed certifier
    );

    error NotRootCertifier(address caller);
    error NotCertifier(address caller);
    error NotActiveProvider(address account);
    error AlreadyRegistered(address account);
    error EmptyIdentity();
    error ZeroAddress();
    error EmptyEndpoint();

    constructor(bytes32 rootIdentityHash) {
        if (rootIdentityHash == bytes32(0)) revert EmptyIdentity();
        rootCertifier = msg.sender;
        _identityOf[msg.sender] = rootIdentityHash;
        _staff[msg.sender] = Staff(Role.Certifier, false, address(0));
        emit CertifierAdded(msg.sender, rootIdentityHash, msg.sender);
    }

    modifier onlyCertifier() {
        Staff storage caller = _staff[msg.sender];
        if (caller.role != Role.Certifier || caller.revoked) revert NotCertifier(msg.sender);
        _;
    }

    /// @notice The root certifying authority adds another certifying authority.
    function addCertifier(address certifier, bytes32 identityHash) external {
        if (msg.sender != rootCertifier) revert NotRootCertifier(msg.sender);
        _claim(certifier, identityHash);
        _staff[certifier] = Staff(Role.Certifier, false, address(0));
        emit CertifierAdded(certifier, identityHash, msg.sender);
    }

    /// @notice A patient registers themself with a salted identity commitment.
    function registerPatient(bytes32 identityHash) external {
        _claim(msg.sender, identityHash);
        emit PatientRegistered(msg.sender, identityHash);
    }

    /// @notice A certifying authority registers a provider and its gatekeeper endpoint.
    function registerProvider(address provider, bytes32 identityHash, string calldata endpoint) external onlyCertifier {
        if (bytes(endpoint).length == 0) revert EmptyEndpoint();
        _claim(provider, identityHash);
        _staff[provider] = Staff(Role.Provider, false, address(0));
        _endpointOf[provider] = endpoint;
        emit ProviderRegistered(provider, identityHash, endpoint, msg.sender);
    }

    /// @notice A registered, non-revoked provider moves its gatekeeper endpoint.
    function setProviderEndpoint(string calldata endpoint) external {
        if (!isActiveProvider(msg.sender)) revert NotActiveProvider(msg.sender);
        if (bytes(endpoint).length == 0) revert EmptyEndpoint();
        _endpointOf[msg.sender] = endpoint;
        emit ProviderEndpointChanged(msg.sender, endpoint);
    }

    /// @notice A certifying authority revokes a provider; it can no longer publish pointers.
    function revokeProvider(address provider) external onlyCertifier {
        if (!isActiveProvider(provider)) revert NotActiveProvider(provider);
        _staff[provider].revoked = true;
        emit ProviderRevoked(provider, msg.sender);
    }

    /// @notice A certifying authority registers a researcher tied to the validator identity it runs.
    function registerResearcher(address researcher, bytes32 identityHash, address validator) external onlyCertifier {
        if (validator == address(0)) revert ZeroAddress();
        _claim(researcher, identityHash);
        _staff[researcher] = Staff(Role.Researcher, false, validator);
        emit ResearcherRegistered(researcher, identityHash, validator, msg.sender);
    }

    function roleOf(address account) public view returns (Role) {
        Role staffRole = _staff[account].role;
        if (staffRole != Role.None) return staffRole;
        return _identityOf[account] != bytes32(0) ? Role.Patient : Role.None;
    }

    function identityOf(address account) external view returns (bytes32) {
        return _identityOf[account];
    }

    function endpointOf(address provider) external view returns (string memory) {
        return _endpointOf[provider];
    }

    function validatorOf(address researcher) external view returns (address) {
        return _staff[researcher].validator;
    }

    function isRevoked(address account) external view returns (bool) {
        return _staff[account].revoked;
    }

    function isRegistered(address account) public view returns (bool) {
        return _identityOf[account] != bytes32(0);
    }

    function isPatient(address account) public view returns (bool) {
        return _staff[account].role == Role.None && _identityOf[account] != bytes32(0);
    }

    function isActiveProvider(address account) public view returns (bool) {
        Staff storage staff = _staff[account];
        return staff.role == Role.Provider && !staff.revoked;
    }

    /// @notice One call for the relationship contract's opening check: is `patient` a patient and `provider` active.
    function relationshipStanding(address patient, address provider)
        external
        view
        returns (bool patientRegistered, bool providerActive)
    {
        return (isPatient(patient), isActiveProvider(provider));
    }

    function _claim(address account, bytes32 identityHash) private {
        if (account == address(0)) revert ZeroAddress();
        if (identityHash == bytes32(0)) revert EmptyIdentity();
        if (_identityOf[account] != bytes32(0)) revert AlreadyRegistered(account);
        _identityOf[account] = identityHash;
    }
}
