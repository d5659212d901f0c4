"""The four demo scenario quizzes (S1-S4), transcribed from CONTENT.md section 3.

Each choice's `next` is a step key, a route key ("ROUTE") or an ending key. Variables are clamped to their
minimum and maximum after every choice; a route is evaluated after the last step and its first matching rule wins.
"""

S1 = {
    "code": "S1",
    "slug": "stuck-at-hollin",
    "title": "Stuck at Hollin",
    "module": "C3",
    "intro": "<p>You are the evening control-room assistant, named on the out-of-hours rota with access to @TarnwickTransit.</p>",
    "max_score": 30,
    "pass_mark": 15,
    "variables": [
        {
            "key": "trust",
            "label": "Public trust",
            "initial": 50,
            "minimum": 0,
            "maximum": 100,
        },
        {
            "key": "backlog",
            "label": "Unanswered mentions",
            "initial": 10,
            "minimum": 0,
            "maximum": 100,
            "better": "lower",
        },
    ],
    "steps": [
        {
            "key": "H1",
            "clock": "Tue 18:52",
            "situation": "<p>The 18:05 from Tarnwick Central to Sallow Bay has stopped past Hollin with an overhead power fault, with about 280 people on board. The comms manager is off until 08:00. A promotion is scheduled on the main account for 19:00.</p>",
            "posts": [
                {
                    "display_name": "Amara Kessie",
                    "handle": "@amara_k",
                    "platform": "microblog",
                    "posted_at": "18:52",
                    "text": "Forty minutes sitting outside Hollin on the 18:05. Lights gone in coach C, nobody has told us anything. @TarnwickTransit what is going on?",
                    "likes": 86,
                    "shares": 31,
                    "replies": 14,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Pause the 19:00 promotion, then post: a train is held near Hollin by a power fault, crew are with passengers, next update by 19:20.",
                    "feedback": "You don't need the cause to speak. A quick public word with a promised update calms hundreds of people at once, and pausing the promotion avoids a painful clash.",
                    "score": 10,
                    "effects": {"trust": 10, "backlog": 5},
                    "next": "H2a",
                },
                {
                    "key": "b",
                    "text": "Message Amara privately to ask which coach she is in, and wait for the full control-room report before posting.",
                    "feedback": "Kind to one person, but the other passengers and their families still see nothing. A public question needs a public answer.",
                    "score": 3,
                    "effects": {"trust": -5, "backlog": 15},
                    "next": "H2b",
                },
                {
                    "key": "c",
                    "text": "Leave it for the comms manager in the morning, because speaking for the company isn't your job.",
                    "feedback": "You are on the rota because incidents don't keep office hours. Silence plus an automatic promotion is the pattern behind the best-known failures.",
                    "score": -10,
                    "effects": {"trust": -20, "backlog": 25},
                    "next": "H2c",
                },
            ],
        },
        {
            "key": "H2a",
            "clock": "19:20",
            "situation": "<p>Control confirms a rescue train in about 70 minutes; the crew are handing out water.</p>",
            "posts": [
                {
                    "display_name": "Dev Okafor",
                    "handle": "@dev.okafor",
                    "platform": "microblog",
                    "posted_at": "19:20",
                    "text": "Nice holding message, but my son has asthma and coach D is getting hot. What are you actually DOING?",
                    "likes": 142,
                    "shares": 58,
                    "replies": 23,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Reply in public: sorry, please press the help point in coach D now, and you have told the crew yourself. Then add to the thread: the cause, water on board, rescue train about 20:30, next update 20:00.",
                    "feedback": "This deals with safety first, puts action behind the words and gives everyone the same facts.",
                    "score": 10,
                    "effects": {"trust": 5, "backlog": 5},
                    "next": "H3",
                },
                {
                    "key": "b",
                    "text": 'Post the control-log line as it stands: "OLE isolation at 4.2 km post, RRV en route, ETA 2030".',
                    "feedback": "Accurate, but passengers can't read it. Turn jargon into something people can act on.",
                    "score": 0,
                    "effects": {"trust": -5, "backlog": 10},
                    "next": "H3",
                },
                {
                    "key": "c",
                    "text": "Reply that urgent questions go to the customer line (open 08:00–18:00).",
                    "feedback": "The line is closed and he is worried about a child's health. Sending him elsewhere reads as brushing him off.",
                    "score": -10,
                    "effects": {"trust": -15, "backlog": 20},
                    "next": "H3",
                },
            ],
        },
        {
            "key": "H2b",
            "clock": "19:25",
            "situation": "<p>Nothing has been posted publicly yet. The local news account @tarnwick_echo asks for a comment.</p>",
            "posts": [
                {
                    "display_name": "Lukas Brandt",
                    "handle": "@lukas.brandt",
                    "platform": "microblog",
                    "posted_at": "19:25",
                    "text": "Over an hour stuck near Hollin and not one word from @TarnwickTransit. Is anyone even working there tonight?",
                    "likes": 610,
                    "shares": 240,
                    "replies": 75,
                    "image_alt": "Dim train carriage lit by phone torches; passengers seated and some standing in the aisle.",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Post now: a train is held, sorry this update is late, here is what we know, next update at 20:00. Then reply to the reporter with a link.",
                    "feedback": "Late but honest. Owning the delay limits the damage, and the reporter gets the same facts as the passengers.",
                    "score": 5,
                    "effects": {"trust": 5, "backlog": 10},
                    "next": "H3",
                },
                {
                    "key": "b",
                    "text": "Send the reporter a formal statement and post nothing for passengers.",
                    "feedback": "Passengers come first, and here they learn about their own train from the news.",
                    "score": 0,
                    "effects": {"trust": -5, "backlog": 20},
                    "next": "H3",
                },
                {
                    "key": "c",
                    "text": "Keep waiting until you know the full cause.",
                    "feedback": "Every quiet minute looks like indifference, and the cause can come later.",
                    "score": -10,
                    "effects": {"trust": -15, "backlog": 30},
                    "next": "H3",
                },
            ],
        },
        {
            "key": "H2c",
            "clock": "19:40",
            "situation": '<p>The promotion went out at 19:00: "Weekend escapes to Sallow Bay from £9, book now!"</p>',
            "posts": [
                {
                    "display_name": "Amara Kessie",
                    "handle": "@amara_k",
                    "platform": "microblog",
                    "posted_at": "19:40",
                    "text": "Ninety minutes in the dark on your train and you're selling me a weekend at the seaside?",
                    "likes": 2300,
                    "shares": 1100,
                    "replies": 310,
                    "image_alt": "",
                    "quoted": "Weekend escapes to Sallow Bay from £9, book now!",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Remove the promotion and post: sorry, that advert should not have run tonight; here is what we know; next update 20:15.",
                    "feedback": "Owning the mistake openly is the only way back. Then move straight to useful facts.",
                    "score": 5,
                    "effects": {"trust": 5, "backlog": 10},
                    "next": "H3",
                },
                {
                    "key": "b",
                    "text": "Delete the promotion and say nothing.",
                    "feedback": "Screenshots are already circulating, so a silent deletion looks like hiding.",
                    "score": -5,
                    "effects": {"trust": -10, "backlog": 20},
                    "next": "H3",
                },
                {
                    "key": "c",
                    "text": "Tell Amara the advert was scheduled automatically, so it wasn't personal.",
                    "feedback": "An explanation with no apology and no help sounds like an excuse.",
                    "score": -5,
                    "effects": {"trust": -5, "backlog": 20},
                    "next": "H3",
                },
            ],
        },
        {
            "key": "H3",
            "clock": "20:10",
            "situation": "<p>Passengers move to the rescue train at 20:40, and buses leave Hollin for Sallow Bay and Brackenford at 21:00. The delay policy pays for a taxi when someone misses their last connection. Jordan, the on-call customer service adviser, offers to help from home.</p>",
            "posts": [
                {
                    "display_name": "Bea Thompson",
                    "handle": "@nurse_bea",
                    "platform": "microblog",
                    "posted_at": "20:10",
                    "text": "Will I make my 21:30 shift at Sallow Bay hospital? If I have to get a taxi, will you cover it?",
                    "likes": 35,
                    "shares": 4,
                    "replies": 9,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Answer Bea first with the taxi rule. Post a pinned update (rescue train, buses, how to claim taxi costs, next update 20:45) and ask Jordan to answer replies with the link.",
                    "feedback": "Splitting posting from replying clears the queue fast and keeps one source of truth.",
                    "score": 10,
                    "effects": {"trust": 10, "backlog": -30},
                    "next": "ROUTE",
                },
                {
                    "key": "b",
                    "text": "Answer every mention yourself, one at a time, before posting an update.",
                    "feedback": "Committed but slow: one clear update would have answered most of them at once.",
                    "score": 3,
                    "effects": {"backlog": -10},
                    "next": "ROUTE",
                },
                {
                    "key": "c",
                    "text": "Post an update promising refunds and free taxis for everyone, without checking the policy.",
                    "feedback": "It wins the moment, but the offer is withdrawn at 21:15 and trust drops.",
                    "score": -5,
                    "effects": {"trust": -5, "backlog": -20},
                    "next": "ROUTE",
                },
            ],
        },
    ],
    "routes": [
        {
            "key": "ROUTE",
            "rules": [
                {"all": [["trust", ">=", 65], ["backlog", "<=", 20]], "goto": "GOOD"},
                {"all": [["trust", ">=", 40]], "goto": "MIXED"},
            ],
            "otherwise": "POOR",
        }
    ],
    "debrief_lines": [
        {
            "step": "H1",
            "choice": "a",
            "text": "At 18:52 you paused the promotion and spoke before the cause was known. That first word calmed hundreds of people at once.",
        },
        {
            "step": "H1",
            "choice": "b",
            "text": "At 18:52 you answered Amara privately, so the rest of the train and their families heard nothing for half an hour.",
        },
        {
            "step": "H1",
            "choice": "c",
            "text": "You left the first word to the morning, so the 19:00 promotion went out into the silence.",
        },
        {
            "step": "H2a",
            "choice": "a",
            "text": "At 19:20 you put the asthma question first and gave everyone the same facts in plain words.",
        },
        {
            "step": "H2a",
            "choice": "b",
            "text": "You posted the control-log wording at 19:20, so passengers had accurate facts they could not use. Plain words would have let them act.",
        },
        {
            "step": "H2a",
            "choice": "c",
            "text": "At 19:20 you sent a worried parent to a phone line that was closed. That reply was shared more than any update.",
        },
        {
            "step": "H2b",
            "choice": "a",
            "text": "Your late but honest update owned the delay, and the reporter got the same facts as the passengers.",
        },
        {
            "step": "H2b",
            "choice": "b",
            "text": "The reporter got a statement and the passengers got nothing, so they read about their own train in the news.",
        },
        {
            "step": "H2b",
            "choice": "c",
            "text": "You waited for the full cause. Every quiet minute looked like indifference.",
        },
        {"step": "H2c", "choice": "a", "text": "You owned the advert openly and moved straight on to useful facts."},
        {
            "step": "H2c",
            "choice": "b",
            "text": "You deleted the advert without a word. Screenshots were already out, so it looked like hiding.",
        },
        {
            "step": "H2c",
            "choice": "c",
            "text": "Telling Amara the advert was automatic, with no apology, sounded like an excuse.",
        },
        {
            "step": "H3",
            "choice": "a",
            "text": "At 20:10 you split the work: one pinned update, with Jordan answering replies from it.",
        },
        {
            "step": "H3",
            "choice": "b",
            "text": "At 20:10 you answered every mention yourself. One clear update would have answered most of them at once.",
        },
        {
            "step": "H3",
            "choice": "c",
            "text": "At 20:10 you promised refunds and taxis for everyone without checking, and the offer was withdrawn at 21:15.",
        },
        {
            "all": [["backlog", ">", 20]],
            "text": "The queue of unanswered mentions was still long at the end of the evening.",
        },
    ],
    "endings": [
        {
            "key": "GOOD",
            "outcome": "good",
            "title": "Passengers kept informed",
            "debrief": "<p>Passengers heard from you, knew when the next update would come and got practical answers. The next morning's local story mentions the updates, not the silence. Here is what your choices did:</p>",
        },
        {
            "key": "MIXED",
            "outcome": "mixed",
            "title": "Home, but with gaps",
            "debrief": "<p>Everyone got home, but the gaps showed. Trust is won or lost in the first 15 minutes and in whether you keep the update times you promise. Here is what your choices did:</p>",
        },
        {
            "key": "POOR",
            "outcome": "poor",
            "title": "The silence made the story",
            "debrief": "<p>Tomorrow's story is how passengers were left without answers, not the power fault. Real rail operators have been remembered for exactly this. Here is what your choices did:</p>",
        },
    ],
}

MARCUS_FIRST_POST = "Six weeks waiting on a refund for the cancelled 07:12 to Brackenford. Two calls, 45 minutes on hold each. @TarnwickTransit do you ever actually pay people back?"

S2 = {
    "code": "S2",
    "slug": "six-weeks-for-a-refund",
    "title": "Six weeks for a refund",
    "module": "B2",
    "intro": "<p>You cover social for customer service on the day shift.</p>",
    "max_score": 30,
    "pass_mark": 15,
    "variables": [
        {
            "key": "goodwill",
            "label": "Goodwill",
            "initial": 50,
            "minimum": 0,
            "maximum": 100,
        },
        {
            "key": "repeats",
            "label": "Repeat calls this week",
            "initial": 20,
            "minimum": 0,
            "maximum": 100,
            "better": "lower",
        },
    ],
    "steps": [
        {
            "key": "R1",
            "clock": "Tue 08:20",
            "situation": "",
            "posts": [
                {
                    "display_name": "Marcus Bello",
                    "handle": "@marcus.bello",
                    "platform": "microblog",
                    "posted_at": "08:20",
                    "text": MARCUS_FIRST_POST,
                    "likes": 74,
                    "shares": 12,
                    "replies": 9,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Reply in public within the hour: apologise, say you'll look at it today, and ask for his claim reference by private message.",
                    "feedback": "A public answer shows everyone watching that complaints get a response, and private messages keep his details safe.",
                    "score": 10,
                    "effects": {"goodwill": 15},
                    "next": "R2a",
                },
                {
                    "key": "b",
                    "text": "Reply in public asking for his claim reference, email address and phone number.",
                    "feedback": "The right intention in the wrong place: it invites personal data onto a public thread.",
                    "score": -5,
                    "effects": {"goodwill": 5},
                    "next": "R2b",
                },
                {
                    "key": "c",
                    "text": "Email the post to the refunds team and don't reply.",
                    "feedback": "Work may be happening, but in public it looks as if nobody cares, and the thread keeps growing.",
                    "score": -5,
                    "effects": {"goodwill": -10, "repeats": 5},
                    "next": "R2c",
                },
                {
                    "key": "d",
                    "text": "Hide the post so it stops spreading.",
                    "feedback": "People notice hidden criticism and screenshot it. The complaint becomes a story about silencing customers (the module “Critics, anger and the urge to hit back” shows why). Hide only abuse, threats, spam or exposed personal data.",
                    "score": -15,
                    "effects": {"goodwill": -25, "repeats": 5},
                    "next": "R2c",
                },
            ],
        },
        {
            "key": "R2a",
            "clock": "09:05",
            "situation": "<p>Marcus sends his reference. His claim has been stuck since a fault in the online claim form in March.</p><p>Wren Adebayo replies under Marcus's post.</p>",
            "posts": [
                {
                    "display_name": "Wren Adebayo",
                    "handle": "@wren_a",
                    "platform": "microblog",
                    "posted_at": "09:05",
                    "text": "Same here, five weeks and counting.",
                    "likes": 18,
                    "shares": 0,
                    "replies": 2,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Fix his claim and say in the thread that it's sorted and you're checking others. Send the fault, with a count of similar posts, to refunds and the app's product owner.",
                    "feedback": "You fixed one claim and reported the pattern: social has just found a product defect.",
                    "score": 10,
                    "effects": {"goodwill": 10, "repeats": -10},
                    "next": "R3",
                },
                {
                    "key": "b",
                    "text": "Fix his claim by private message only.",
                    "feedback": "Marcus is happy, but everyone else with a stuck claim keeps calling.",
                    "score": 5,
                    "effects": {"goodwill": 5, "repeats": 5},
                    "next": "R3",
                },
                {
                    "key": "c",
                    "text": "Tell him refunds is a different team and give him their number.",
                    "feedback": "He has already called twice, so passing him on again proves his point.",
                    "score": -10,
                    "effects": {"goodwill": -15, "repeats": 10},
                    "next": "R3",
                },
            ],
        },
        {
            "key": "R2b",
            "clock": "08:40",
            "situation": "<p>Marcus posts a public reply.</p>",
            "posts": [
                {
                    "display_name": "Marcus Bello",
                    "handle": "@marcus.bello",
                    "platform": "microblog",
                    "posted_at": "08:40",
                    "text": "Here you go: claim TT-48213, marcus.bello@mail.example, 07700 900461. Now sort it.",
                    "likes": 5,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Thank him, ask him to delete that reply to protect his details, and carry on by private message. Hide the reply if it stays up.",
                    "feedback": "Protecting his data is part of good service, and exposed personal data is exactly what hiding is for.",
                    "score": 5,
                    "effects": {"goodwill": 5},
                    "next": "R2a",
                },
                {
                    "key": "b",
                    "text": "Use the details and carry on in public.",
                    "feedback": "You can help him, but now anyone can see his number.",
                    "score": -5,
                    "effects": {},
                    "next": "R2a",
                },
            ],
        },
        {
            "key": "R2c",
            "clock": "11:30",
            "situation": "",
            "posts": [
                {
                    "display_name": "Vale Passenger Forum",
                    "handle": "@fairfares_vale",
                    "platform": "community group",
                    "posted_at": "11:30",
                    "text": "Anyone else waiting weeks for a @TarnwickTransit refund? Tell us below.",
                    "likes": 410,
                    "shares": 96,
                    "replies": 64,
                    "image_alt": "",
                    "quoted": MARCUS_FIRST_POST,
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Post one public update: March claims are delayed by a form fault, what you are doing, when it will be fixed and how to check a claim. Then reply to Marcus personally.",
                    "feedback": "Owning the pattern in one place answers dozens of people and shows you listened.",
                    "score": 5,
                    "effects": {"goodwill": 10, "repeats": -5},
                    "next": "R3",
                },
                {
                    "key": "b",
                    "text": 'Paste "Please contact Customer Relations" under every reply.',
                    "feedback": "Identical replies look automated and push everyone back to the phone.",
                    "score": -5,
                    "effects": {"goodwill": -10, "repeats": 15},
                    "next": "R3",
                },
                {
                    "key": "c",
                    "text": "Remind the group that the terms allow 28 days for refunds.",
                    "feedback": "Quoting terms at angry customers wins the argument and loses everyone watching.",
                    "score": -10,
                    "effects": {"goodwill": -15, "repeats": 5},
                    "next": "R3",
                },
            ],
        },
        {
            "key": "R3",
            "clock": "Fri 14:00",
            "situation": "<p>The team log shows 40 questions this month about how to claim.</p>",
            "posts": [
                {
                    "display_name": "Tobi Lawal",
                    "handle": "@tobi_rides",
                    "platform": "microblog",
                    "posted_at": "14:00",
                    "text": "How do I even claim for a delay? Can't find it anywhere in the app.",
                    "likes": 6,
                    "shares": 0,
                    "replies": 1,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Send Tobi the link, propose a pinned how-to post and a short captioned video, and give the app team the count so the claim button becomes easier to find.",
                    "feedback": "Answering the pattern cuts repeat contacts and gives product a problem they can measure.",
                    "score": 10,
                    "effects": {"repeats": -10},
                    "next": "ROUTE",
                },
                {
                    "key": "b",
                    "text": "Send Tobi the link and move on.",
                    "feedback": "Correct, but the next 40 people will ask the same thing.",
                    "score": 3,
                    "effects": {},
                    "next": "ROUTE",
                },
                {
                    "key": "c",
                    "text": "Suggest Tobi phones the customer line.",
                    "feedback": "This moves a simple question to the most expensive channel.",
                    "score": -5,
                    "effects": {"repeats": 5},
                    "next": "ROUTE",
                },
            ],
        },
    ],
    "routes": [
        {
            "key": "ROUTE",
            "rules": [
                {
                    "all": [["goodwill", ">=", 70], ["repeats", "<=", 10]],
                    "goto": "GOOD",
                },
                {"all": [["goodwill", ">=", 40]], "goto": "MIXED"},
            ],
            "otherwise": "POOR",
        }
    ],
    "debrief_lines": [
        {
            "step": "R1",
            "choice": "a",
            "text": "Your first public reply came within the hour and kept Marcus's details private.",
        },
        {
            "step": "R1",
            "choice": "b",
            "text": "Your first reply asked for personal details in public, and Marcus posted them there.",
        },
        {
            "step": "R1",
            "choice": "c",
            "text": "You passed the post on without replying, so in public it looked as if nobody cared.",
        },
        {
            "step": "R1",
            "choice": "d",
            "text": "You hid the post. Hidden criticism gets noticed, and the complaint grew into a story about silencing customers.",
        },
        {
            "step": "R2a",
            "choice": "a",
            "text": "You fixed his claim and sent the form fault to refunds and the app's product owner, with a count.",
        },
        {
            "step": "R2a",
            "choice": "c",
            "text": "You gave Marcus another number to call, after he had already called twice.",
        },
        {
            "step": "R3",
            "choice": "a",
            "text": "A pinned how-to and a count for the app team answered the next 40 people before they asked.",
        },
        {
            "step": "R3",
            "choice": "c",
            "text": "You sent a simple question to the phone line, the most expensive channel.",
        },
    ],
    "endings": [
        {
            "key": "GOOD",
            "outcome": "good",
            "title": "One complaint, one improvement",
            "debrief": "<p>Marcus posts his thanks, the form fault is fixed and repeat calls about refunds fall. A public acknowledgement, private handling of details, and a note to product turned one complaint into an improvement.</p>",
        },
        {
            "key": "MIXED",
            "outcome": "mixed",
            "title": "Solved, but not the pattern",
            "debrief": "<p>The individual problem was solved but the pattern, or the tone, wasn't. Onlookers saw a company that answers slowly or mechanically. Where did one public update or one note to product go missing?</p>",
        },
        {
            "key": "POOR",
            "outcome": "poor",
            "title": "A story about critics",
            "debrief": "<p>The complaint became a story about how Tarnwick treats critics. Go back to “Critics, anger and the urge to hit back”: fighting or hiding criticism makes it bigger.</p>",
        },
    ],
}

S3 = {
    "code": "S3",
    "slug": "the-bus-in-the-depot",
    "title": "The bus in the depot",
    "module": "B6",
    "intro": "<p>You are a depot technician who posts about buses on a personal photo-app account with 900 followers.</p>",
    "max_score": 30,
    "pass_mark": 15,
    "variables": [
        {
            "key": "risk",
            "label": "Confidentiality risk",
            "initial": 0,
            "minimum": 0,
            "maximum": 100,
            "better": "lower",
        },
    ],
    "steps": [
        {
            "key": "P1",
            "clock": "Sun 21:10",
            "situation": "<p>Today you saw the first electric bus of the new fleet at the depot. An internal note says the launch moves from March to May, and this has not been announced. You have photos on your phone.</p>",
            "posts": [
                {
                    "display_name": "Vale Bus Spotters",
                    "handle": "@busspotter_vale",
                    "platform": "photo app",
                    "posted_at": "21:10",
                    "text": "Rumour: Tarnwick's electric buses are late again. Anyone on the inside know?",
                    "likes": 58,
                    "shares": 0,
                    "replies": 12,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": 'Post a depot photo of the new bus with "Seen one today ;) don\'t believe everything you hear".',
                    "feedback": "This shows you have inside knowledge, and the photo may show more than you think.",
                    "score": -10,
                    "effects": {"risk": 30},
                    "next": "P2a",
                },
                {
                    "key": "b",
                    "text": "Stay out of it and post nothing about the fleet.",
                    "feedback": "Safe and fair: rumours about unannounced plans aren't yours to settle.",
                    "score": 5,
                    "effects": {},
                    "next": "P2b",
                },
                {
                    "key": "c",
                    "text": "Message the comms team: a rumour is going round, and when may you share your depot photos?",
                    "feedback": "Comms learn about the rumour early and you get a clear answer.",
                    "score": 10,
                    "effects": {},
                    "next": "P2c",
                },
            ],
        },
        {
            "key": "P2a",
            "clock": "Sun 22:30",
            "situation": "<p>The local news account @tarnwick_echo now follows you.</p>",
            "posts": [
                {
                    "display_name": "Vale Bus Spotters",
                    "handle": "@busspotter_vale",
                    "platform": "photo app",
                    "posted_at": "22:30",
                    "text": "Is that the depot whiteboard behind it? Says launch 12 May… so it IS delayed?",
                    "likes": 210,
                    "shares": 47,
                    "replies": 0,
                    "image_alt": "Green electric bus inside a depot; a whiteboard behind it shows a date.",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Delete the post, reply that official news comes from @TarnwickTransit, and tell your manager and comms first thing.",
                    "feedback": "This limits the spread, and comms can prepare instead of being caught out.",
                    "score": 5,
                    "effects": {"risk": -10},
                    "next": "P3",
                },
                {
                    "key": "b",
                    "text": 'Reply "Yep, the batteries came late, May now".',
                    "feedback": "You have confirmed confidential plans in writing to a growing audience.",
                    "score": -15,
                    "effects": {"risk": 40},
                    "next": "P3",
                },
                {
                    "key": "c",
                    "text": "Delete the post quietly and tell nobody.",
                    "feedback": "Screenshots may exist already, and comms would rather hear it from you than from a reporter.",
                    "score": 0,
                    "effects": {"risk": 10},
                    "next": "P3",
                },
            ],
        },
        {
            "key": "P2b",
            "clock": "Mon 08:10",
            "situation": "<p>Chris Doyle, a former colleague, replies to your post about the depot's charity run.</p>",
            "posts": [
                {
                    "display_name": "Chris Doyle",
                    "handle": "@c_doyle",
                    "platform": "photo app",
                    "posted_at": "08:10",
                    "text": "Still working for the lot who left people stuck at Hollin? lol",
                    "likes": 40,
                    "shares": 0,
                    "replies": 6,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Reply once, calmly: you're proud of the team, and updates on Hollin are on @TarnwickTransit.",
                    "feedback": "Friendly, doesn't take the bait, and points to the official source.",
                    "score": 10,
                    "effects": {},
                    "next": "P3",
                },
                {
                    "key": "b",
                    "text": "Defend the company with what you heard internally about the fault.",
                    "feedback": "Internal details plus a public argument on your own account: two risks at once.",
                    "score": -10,
                    "effects": {"risk": 20},
                    "next": "P3",
                },
                {
                    "key": "c",
                    "text": "Leave it.",
                    "feedback": "Also fine: not every jibe needs an answer.",
                    "score": 5,
                    "effects": {},
                    "next": "P3",
                },
            ],
        },
        {
            "key": "P2c",
            "clock": "Mon 09:30",
            "situation": "",
            "posts": [
                {
                    "display_name": "Siobhán Murphy",
                    "handle": "@siobhan.murphy",
                    "platform": "internal network",
                    "posted_at": "09:30",
                    "text": "Thanks for the heads-up! The launch is announced on Thursday. Please hold the photos until then, and after that we'd love you to share them in your own words.",
                    "likes": 12,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Wait, then on Thursday share your photo in your own words, say you work at Tarnwick, and keep the whiteboard out of shot.",
                    "feedback": "Authentic, open about where you work, and nothing confidential in the frame.",
                    "score": 10,
                    "effects": {},
                    "next": "P3",
                },
                {
                    "key": "b",
                    "text": "On Thursday, repost the official announcement word for word.",
                    "feedback": "That's fine, but your own voice is what makes staff posts believable.",
                    "score": 5,
                    "effects": {},
                    "next": "P3",
                },
            ],
        },
        {
            "key": "P3",
            "clock": "Thu 17:00",
            "situation": "<p>Ngozi Eze replies on your personal account.</p>",
            "posts": [
                {
                    "display_name": "Ngozi Eze",
                    "handle": "@ngozi.travels",
                    "platform": "photo app",
                    "posted_at": "17:00",
                    "text": "You work for Tarnwick, right? My driver on route 12 was really rude this morning. What are you going to do about it?",
                    "likes": 22,
                    "shares": 0,
                    "replies": 3,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Thank her, explain you're not in customer service, share the official feedback link and offer to flag that she has been in touch. Promise nothing about the driver.",
                    "feedback": "Helpful without speaking for the company or judging a colleague in public.",
                    "score": 10,
                    "effects": {},
                    "next": "ROUTE",
                },
                {
                    "key": "b",
                    "text": "Promise that the driver will be disciplined.",
                    "feedback": "You can't promise that, and it's unfair to a colleague whose side nobody has heard.",
                    "score": -10,
                    "effects": {"risk": 10},
                    "next": "ROUTE",
                },
                {
                    "key": "c",
                    "text": "Ask for the driver's name and shift so you can look into it yourself.",
                    "feedback": "Complaints about staff go through the proper process, not through a personal account.",
                    "score": -5,
                    "effects": {"risk": 20},
                    "next": "ROUTE",
                },
            ],
        },
    ],
    "routes": [
        {
            "key": "ROUTE",
            "rules": [
                {"all": [["risk", "<=", 10], ["score", ">=", 20]], "goto": "GOOD"},
                {"all": [["risk", "<=", 40]], "goto": "MIXED"},
            ],
            "otherwise": "POOR",
        }
    ],
    "debrief_lines": [
        {
            "step": "P1",
            "choice": "a",
            "text": "Your depot photo hinted at inside knowledge, and the whiteboard behind the bus gave away more.",
        },
        {
            "step": "P1",
            "choice": "b",
            "text": "You stayed out of the rumour: unannounced plans were not yours to settle.",
        },
        {
            "step": "P1",
            "choice": "c",
            "text": "You told comms about the rumour early and asked when you could share your photos.",
        },
        {
            "step": "P2a",
            "choice": "b",
            "text": "You confirmed the delay in writing to a growing audience, a reporter included.",
        },
        {
            "step": "P3",
            "choice": "a",
            "text": "You pointed Ngozi to the official feedback link and promised nothing about your colleague.",
        },
        {
            "step": "P3",
            "choice": "b",
            "text": "You promised the driver would be disciplined, a promise that was not yours to make.",
        },
        {
            "step": "P3",
            "choice": "c",
            "text": "You asked for the driver's name and shift, taking a staff complaint into your own account.",
        },
    ],
    "endings": [
        {
            "key": "GOOD",
            "outcome": "good",
            "title": "Open, careful and helpful",
            "debrief": "<p>You kept unannounced plans private, said who you work for and sent customers to the right place. Staff who post like this make the company more believable, not less.</p>",
        },
        {
            "key": "MIXED",
            "outcome": "mixed",
            "title": "Something slipped",
            "debrief": "<p>No lasting harm, but something slipped: a detail in a photo, a promise, or an argument in public. Remember three steps: say who you work for, protect what's confidential, pass complaints on.</p>",
        },
        {
            "key": "POOR",
            "outcome": "poor",
            "title": "Plans reached a reporter",
            "debrief": "<p>Confidential plans reached a reporter through your account. In real life, tell your manager and comms at once. Honest mistakes get fixed together, as “Backing your people” explains.</p>",
        },
    ],
}

S4 = {
    "code": "S4",
    "slug": "followers-up-value-unknown",
    "title": "Followers up, value unknown",
    "module": "A4",
    "intro": "<p>You are the Chief Customer Officer preparing for the board.</p>",
    "max_score": 40,
    "pass_mark": 20,
    "variables": [
        {
            "key": "clarity",
            "label": "Clarity of goals",
            "initial": 0,
            "minimum": 0,
            "maximum": 100,
        },
        {
            "key": "momentum",
            "label": "Staff momentum",
            "initial": 40,
            "minimum": 0,
            "maximum": 100,
        },
    ],
    "steps": [
        {
            "key": "X1",
            "clock": "Mon 09:00",
            "situation": "<p>The board meets in three weeks, and the chair asks what social media does for the company. The dashboard shows followers up 40% after a prize draw. Replies per post have fallen from 30 to 4 in six months. The passenger community group has had no staff posts for two months, since its two volunteer hosts, who ran it after hours, stopped.</p>",
            "posts": [
                {
                    "display_name": "Tarnwick Transit",
                    "handle": "@TarnwickTransit",
                    "platform": "microblog",
                    "posted_at": "09:00",
                    "text": "We've just reached 18,000 followers! Thanks for travelling with us!",
                    "likes": 1240,
                    "shares": 0,
                    "replies": 8,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Lead the board paper with follower growth.",
                    "feedback": "A big number that answers no business question. The board will ask what it bought.",
                    "score": -10,
                    "effects": {},
                    "next": "X2a",
                },
                {
                    "key": "b",
                    "text": "First agree which objectives social should serve: fewer repeat refund calls, faster disruption updates, 40 driver vacancies filled, earlier feedback on the app.",
                    "feedback": "Starting from objectives gives every later number a meaning.",
                    "score": 10,
                    "effects": {"clarity": 20},
                    "next": "X2b",
                },
                {
                    "key": "c",
                    "text": "Form a 25-person task force to write a company-wide social media strategy.",
                    "feedback": "Big groups chasing a big question tend to go round in circles while the volunteers wait.",
                    "score": -5,
                    "effects": {"momentum": -10},
                    "next": "X2c",
                },
            ],
        },
        {
            "key": "X2a",
            "clock": "board day",
            "situation": "<p>James Fairweather is a non-executive director.</p>",
            "posts": [
                {
                    "display_name": "James Fairweather",
                    "handle": "@j.fairweather",
                    "platform": "internal network",
                    "posted_at": "14:05",
                    "text": "Impressive follower number. How many drivers did it help us hire? Did it cut any calls?",
                    "likes": 9,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Admit the figures don't answer that, and commit to goals tied to objectives with a report next quarter.",
                    "feedback": "Honest, and it turns a weak paper into a plan.",
                    "score": 5,
                    "effects": {"clarity": 10},
                    "next": "X2b",
                },
                {
                    "key": "b",
                    "text": "Propose hiring an agency to double the follower count.",
                    "feedback": "More of the same number, still no link to hiring or calls, and staff watch the company's voice being handed to outsiders.",
                    "score": -10,
                    "effects": {"momentum": -10},
                    "next": "X3",
                },
            ],
        },
        {
            "key": "X2c",
            "clock": "six weeks later",
            "situation": "<p>Two customer service advisers ask whether they may still reply to customers.</p>",
            "posts": [
                {
                    "display_name": "Social strategy task force",
                    "handle": "@sm.taskforce",
                    "platform": "internal network",
                    "posted_at": "10:00",
                    "text": "Meeting 5 moved again. Draft policy now 31 pages; comments welcome.",
                    "likes": 3,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Replace it with three small groups. Each owns one objective and pairs subject experts with a communicator: refunds (customer service + comms), driver hiring (HR + a driver), disruption updates (control room + comms).",
                    "feedback": "Small groups with one clear aim move fast, and the experts bring credibility.",
                    "score": 10,
                    "effects": {"clarity": 15, "momentum": 10},
                    "next": "X3",
                },
                {
                    "key": "b",
                    "text": "Keep the task force and add an outside agency to speed it up.",
                    "feedback": "More cost and more distance, and still no decision.",
                    "score": -5,
                    "effects": {"clarity": 5},
                    "next": "X3",
                },
            ],
        },
        {
            "key": "X2b",
            "clock": "goals agreed",
            "situation": "<p>Lin Park is an insight analyst.</p>",
            "posts": [
                {
                    "display_name": "Lin Park",
                    "handle": "@lin.park",
                    "platform": "internal network",
                    "posted_at": "11:20",
                    "text": "Which numbers do you want on the board dashboard for the refund goal?",
                    "likes": 4,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Posts per week and total likes.",
                    "feedback": "That measures activity, not results: you can post more and save nothing.",
                    "score": -5,
                    "effects": {},
                    "next": "X3",
                },
                {
                    "key": "b",
                    "text": "What goes in (staff hours, training, tools) against results: refund calls compared with last quarter, share of social questions resolved, time to first reply, satisfaction.",
                    "feedback": "This covers both sides of the return, tied to the objective and to a baseline.",
                    "score": 10,
                    "effects": {"clarity": 10},
                    "next": "X3",
                },
                {
                    "key": "c",
                    "text": "A single sentiment score from a listening tool.",
                    "feedback": "A useful signal, but not tied to the objective, and such tools misread sarcasm.",
                    "score": 0,
                    "effects": {},
                    "next": "X3",
                },
            ],
        },
        {
            "key": "X3",
            "clock": "next week",
            "situation": "<p>Aisha Rahman is the customer service manager.</p>",
            "posts": [
                {
                    "display_name": "Aisha Rahman",
                    "handle": "@aisha.rahman",
                    "platform": "internal network",
                    "posted_at": "16:40",
                    "text": "My team answers social posts on top of phone targets, two of them after hours. Legal now wants every reply to say staff post at their own risk. Can we talk?",
                    "likes": 27,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Build it into the job: protected hours, targets that count social replies, recognition in reviews, training, and a policy that the company backs people acting in good faith.",
                    "feedback": "Time, recognition and backing keep engagement alive after the launch buzz.",
                    "score": 10,
                    "effects": {"momentum": 20},
                    "next": "X4",
                },
                {
                    "key": "b",
                    "text": "Thank the volunteers and ask them to keep going for now.",
                    "feedback": "Goodwill runs out. Unpaid evening work fades, and the conversation fades with it.",
                    "score": -5,
                    "effects": {"momentum": -15},
                    "next": "X4",
                },
                {
                    "key": "c",
                    "text": "Accept the disclaimer and make comms approve every reply first.",
                    "feedback": "Staff hear that they are trusted but not backed, and replies slow to a crawl.",
                    "score": -10,
                    "effects": {"momentum": -20},
                    "next": "X4",
                },
            ],
        },
        {
            "key": "X4",
            "clock": "month end",
            "situation": "<p>Helena Adeyemi is the chief executive.</p>",
            "posts": [
                {
                    "display_name": "Helena Adeyemi",
                    "handle": "@helena.adeyemi",
                    "platform": "internal network",
                    "posted_at": "08:30",
                    "text": "The board wants the exec team able to judge this for ourselves. What do you propose?",
                    "likes": 15,
                    "shares": 0,
                    "replies": 0,
                    "image_alt": "",
                    "quoted": "",
                }
            ],
            "choices": [
                {
                    "key": "a",
                    "text": "Short sessions led by a respected peer from outside, with practice in a private sandbox between them. Each executive also follows and replies alongside a communicator once a week.",
                    "feedback": "Hands-on, low-risk and spread over time: this is how literacy sticks.",
                    "score": 10,
                    "effects": {"momentum": 5},
                    "next": "ROUTE",
                },
                {
                    "key": "b",
                    "text": "One half-day slide briefing from an agency.",
                    "feedback": "Better than nothing, but nobody practises.",
                    "score": 0,
                    "effects": {},
                    "next": "ROUTE",
                },
                {
                    "key": "c",
                    "text": "Leave it to marketing, because executives don't need to use social themselves.",
                    "feedback": "Leaders who don't use it can't judge it, and staff notice.",
                    "score": -10,
                    "effects": {"momentum": -10},
                    "next": "ROUTE",
                },
            ],
        },
    ],
    "routes": [
        {
            "key": "ROUTE",
            "rules": [
                {
                    "all": [["clarity", ">=", 30], ["momentum", ">=", 60]],
                    "goto": "GOOD",
                },
                # "clarity >= 15 or momentum >= 50" in the brief: rules only AND their conditions, so OR is two rules
                {"all": [["clarity", ">=", 15]], "goto": "MIXED"},
                {"all": [["momentum", ">=", 50]], "goto": "MIXED"},
            ],
            "otherwise": "POOR",
        }
    ],
    "debrief_lines": [
        {
            "step": "X1",
            "choice": "a",
            "text": "You led with follower growth, a number that answered no question the board had.",
        },
        {
            "step": "X1",
            "choice": "b",
            "text": "You started from objectives the company already had, so every later number had a meaning.",
        },
        {
            "step": "X1",
            "choice": "c",
            "text": "Your 25-person task force went round in circles while the volunteers waited.",
        },
        {
            "step": "X3",
            "choice": "a",
            "text": "You built social work into the job: time, recognition, training and backing.",
        },
        {
            "step": "X3",
            "choice": "b",
            "text": "You asked the volunteers to keep going unpaid in the evenings; that goodwill runs out.",
        },
        {
            "step": "X3",
            "choice": "c",
            "text": "You accepted the disclaimer and made comms approve every reply, so staff felt trusted but not backed.",
        },
        {
            "step": "X4",
            "choice": "a",
            "text": "You gave the executives hands-on practice with a respected peer, spread over time.",
        },
        {
            "step": "X4",
            "choice": "c",
            "text": "You left it to marketing, so the leaders still cannot judge it for themselves.",
        },
    ],
    "endings": [
        {
            "key": "GOOD",
            "outcome": "good",
            "title": "A programme that lasts",
            "debrief": "<p>The board pack shows fewer refund calls and faster disruption updates against a baseline, next to the hours they cost. Staff have time and backing, and leaders practise. This programme will last.</p>",
        },
        {
            "key": "MIXED",
            "outcome": "mixed",
            "title": "Halfway there",
            "debrief": "<p>Some parts are in place, but either the goals don't connect to numbers the board cares about, or the people doing the work lack time and backing. Which would you fix first?</p>",
        },
        {
            "key": "POOR",
            "outcome": "poor",
            "title": "Same question next year",
            "debrief": "<p>A bigger follower count, a longer policy and tired volunteers. The board will ask the same question next year. Go back to the modules on goals, measuring return and backing your people.</p>",
        },
    ],
}

SCENARIOS = [S1, S2, S3, S4]
