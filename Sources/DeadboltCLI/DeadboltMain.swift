import ArgumentParser

public struct DeadboltMain {
    public static func main() {
        print("deadbolt")
    }
}
