/// The permission table of docs/rules.md ("Roles and permissions"), checked here so every path (screen, batch, generator)
/// gets the same answer.
public enum Role: String, Sendable, Codable, CaseIterable {
    case agent, technician, supervisor, admin, trainer
}

public enum Permission: String, Sendable, Codable, CaseIterable {
    // Case work.
    case openCase = "open cases"
    case verifyEntitlement = "verify entitlement"
    case scheduleVisit = "schedule visits"
    case reserveParts = "reserve parts"
    case releaseParts = "release unused reservations"
    case buildOutcomes = "build billing outcomes"
    case claimCosts = "claim warranty costs and charge missing cores"
    case classifyLines = "classify lines"
    case closeCase = "close cases"
    case cancelCase = "cancel cases"
    case requestOverride = "request overrides"
    case recordVisit = "record visits"
    case recordUsage = "record parts, labour, travel and expenses"
    case recordResolution = "record resolutions and notes"
    // Supervision.
    case decideOverride = "approve or reject overrides"
    case reopenCase = "reopen cases"
    case readReports = "read reports"
    // Administration.
    case editMasterData = "edit master data"
    case manageStock = "receive, move and adjust stock"
    case manageUsers = "manage users"
    case importExport = "import and export"
    case verifyStore = "verify the database"
    case backup = "back up the database"
    // Training.
    case resetTraining = "reset training datasets"
    case actAsUser = "act as another user"
}

extension Role {
    private static let agentWork: Set<Permission> = [
        .openCase, .verifyEntitlement, .scheduleVisit, .reserveParts, .releaseParts, .buildOutcomes, .claimCosts,
        .classifyLines, .closeCase, .cancelCase, .requestOverride,
    ]

    public var permissions: Set<Permission> {
        switch self {
        case .agent: Role.agentWork
        case .technician:
            [.recordVisit, .recordUsage, .recordResolution, .releaseParts, .buildOutcomes, .closeCase]
        case .supervisor: Role.agentWork.union([.decideOverride, .reopenCase, .readReports])
        case .admin: [.editMasterData, .manageStock, .manageUsers, .importExport, .verifyStore, .backup, .readReports]
        case .trainer: [.resetTraining, .actAsUser]
        }
    }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// "a technician", "an agent or a supervisor": who, in words, may do what needs `permission`.
    public static func named(mayDo permission: Permission) -> String {
        let who = allCases.filter { $0.may(permission) }.map { "\(Authorization.article($0)) \($0.rawValue)" }
        return who.count <= 1 ? who.joined() : who.dropLast().joined(separator: ", ") + " or " + who.last!
    }

    /// Agents work on their own cases only; supervisors and technicians on any case (a
    /// technician is sent by a visit, and may be standing in for a colleague).
    public var limitedToOwnCases: Bool { self == .agent }

    /// A technician signs off on site: where a visit of theirs is done, they give back the parts
    /// the visit did not need and build the billing outcomes — having shown the customer what
    /// is covered and what they pay — with no agent coming back to the case.
    public func needsOwnDoneVisit(for permission: Permission) -> Bool {
        self == .technician && (permission == .buildOutcomes || permission == .releaseParts)
    }
}

public struct User: Hashable, Sendable, Codable {
    /// The operating-system account.
    public var account: String
    public var name: String
    public var role: Role
    /// Labour rate per hour, for technicians.
    public var labourRate: Money?
    public var disabled: Bool

    public init(account: String, name: String, role: Role, labourRate: Money? = nil, disabled: Bool = false) {
        self.account = account
        self.name = name
        self.role = role
        self.labourRate = labourRate
        self.disabled = disabled
    }
}

/// Why a command was refused for lack of permission: recorded as a security event.
public struct PermissionRefusal: Error, Hashable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

public enum Authorization {
    /// Checks `user` may use `permission`, on `caseAssignee`'s case when the command is about a
    /// case; `hasOwnDoneVisit` says whether a visit of the user's on it is done (see
    /// `Role.needsOwnDoneVisit`).
    public static func check(
        _ user: User, _ permission: Permission, caseID: CaseID? = nil,
        caseAssignee: String? = nil, hasOwnDoneVisit: Bool = false
    ) -> PermissionRefusal? {
        if user.disabled {
            return PermissionRefusal("user \(user.account) is disabled")
        }
        guard user.role.may(permission) else {
            let who = Role.allCases.filter { $0.may(permission) }.map(\.rawValue)
            return PermissionRefusal(
                "\(user.account) is \(article(user.role)) \(user.role.rawValue) and may not \(permission.rawValue) (allowed: \(who.joined(separator: ", ")))"
            )
        }
        if user.role.limitedToOwnCases, let caseID, let caseAssignee, caseAssignee != user.account {
            return PermissionRefusal(
                "case \(caseID) is assigned to \(caseAssignee); an agent may \(permission.rawValue) on own cases only")
        }
        if user.role.needsOwnDoneVisit(for: permission), let caseID, !hasOwnDoneVisit {
            return PermissionRefusal(
                "case \(caseID) has no visit of \(user.account)'s marked done; a technician may \(permission.rawValue) only on a case they sign off on site"
            )
        }
        return nil
    }

    /// A supervisor never decides an override they asked for.
    public static func checkDecision(by user: User, requestedBy: String, override id: OverrideID) -> PermissionRefusal?
    {
        if let refusal = check(user, .decideOverride) { return refusal }
        if requestedBy == user.account {
            return PermissionRefusal(
                "override \(id) was requested by \(user.account): nobody approves or rejects their own request")
        }
        return nil
    }

    /// "an agent", "a supervisor": a role as a refusal names it.
    public static func article(_ role: Role) -> String {
        role == .agent || role == .admin ? "an" : "a"
    }
}
