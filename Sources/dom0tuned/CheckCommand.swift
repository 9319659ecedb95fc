import Glibc

/// `dom0tuned check`: placeholder until the checks land.
func runCheckCommand(_ arguments: [String]) -> Int32 {
    printError("dom0tuned: check is not available yet")
    return 3
}
