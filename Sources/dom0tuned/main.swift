handleDocumentationFlags(Array(CommandLine.arguments.dropFirst()))
print("placeholder")
