from kendali.cli import main

main()
