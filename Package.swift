// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cophealth",
    products: [
        .library(name: "CommunityHealth", targets: ["CommunityHealth"]),
        .executable(name: "cophealth", targets: ["cophealth"]),
    ],
    targets: [
        .target(name: "CommunityHealth"),
        .executableTarget(name: "cophealth", dependencies: ["CommunityHealth"]),
        .testTarget(
            name: "CommunityHealthTests",
            dependencies: ["CommunityHealth"],
            exclude: ["Fixtures", "Snapshots"]
        ),
    ]
)
