public enum Dom0Tune { public static let version = "0.1.0" }
