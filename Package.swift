// swift-tools-version:6.0
import PackageDescription

// Settings every target shares: Swift 6 language mode (strict concurrency),
// plus the upcoming features swift-log's own package turns on.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "dom0tuned",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dom0tuned", targets: ["dom0tuned"]),
        .executable(name: "dom0ctl", targets: ["dom0ctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libsystemd through pkg-config: sd-daemon.h (notify, watchdog, listen fds)
        // and sd-journal.h (sd_journal_sendv).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Pure: values, parsers, checks, config, protocol, state machines. No I/O, no clock.
        .target(
            name: "Dom0TuneCore",
            swiftSettings: strictSettings
        ),
        // Effects: processes, files, sockets, systemd, journal.
        .target(
            name: "Dom0TuneHost",
            dependencies: [
                "Dom0TuneCore",
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "dom0tuned",
            dependencies: [
                "Dom0TuneCore",
                "Dom0TuneHost",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "dom0ctl",
            dependencies: [
                "Dom0TuneCore",
                "Dom0TuneHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Dom0TuneCoreTests",
            dependencies: ["Dom0TuneCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Dom0TuneHostTests",
            dependencies: [
                "Dom0TuneCore",
                "Dom0TuneHost",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
